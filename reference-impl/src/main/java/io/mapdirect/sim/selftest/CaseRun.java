package io.mapdirect.sim.selftest;

import io.mapdirect.sim.RunResult;
import java.util.List;

/**
 * One run of a {@link SimCase}: the result (outcome, trace, counters), the trace's fingerprint and
 * the names of tasks whose threads were still alive after the run (should be none).
 */
public record CaseRun(RunResult result, long fingerprint, List<String> liveThreads) {
    public CaseRun {
        liveThreads = List.copyOf(liveThreads);
    }

    /** The outcome's report paragraph. */
    public String outcome() {
        return result.outcome().describe();
    }
}
