package io.mapdirect.sim;

/** The outcome of one run with its trace and counters. */
public record RunResult(RunOutcome outcome, Trace trace, long steps, long switches, int decisions, long endTimeNs) {
    public boolean completed() {
        return outcome instanceof RunOutcome.Completed;
    }
}
