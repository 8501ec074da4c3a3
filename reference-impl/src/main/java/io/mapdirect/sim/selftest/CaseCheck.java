package io.mapdirect.sim.selftest;

import io.mapdirect.sim.RunOutcome;
import io.mapdirect.sim.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link SimCase} twice and lists what is wrong: traces that differ (with the first
 * differing entry), a thread that outlived a run, or an outcome a finite, well-formed program
 * cannot have (a crash means the simulation core threw; a runaway means it looped). Deadlocks are
 * legitimate outcomes of generated programs.
 */
public final class CaseCheck {
    /** The two runs of a case and the problems found. */
    public record Checked(SimCase simCase, CaseRun first, CaseRun second, List<String> problems) {
        public Checked {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private CaseCheck() {
    }

    public static Checked check(SimCase simCase) {
        CaseRun first = SimProgramRunner.run(simCase);
        CaseRun second = SimProgramRunner.run(simCase);
        List<String> problems = new ArrayList<>();
        if (first.fingerprint() != second.fingerprint() || !first.outcome().equals(second.outcome())) {
            problems.add("nondeterministic: fingerprints " + Long.toHexString(first.fingerprint()) + " and "
                    + Long.toHexString(second.fingerprint()) + "; " + firstDifference(first.result().trace(), second.result().trace())
                    + "; outcomes: [" + first.outcome() + "] and [" + second.outcome() + "]");
        }
        for (CaseRun run : List.of(first, second)) {
            if (!run.liveThreads().isEmpty()) {
                problems.add("threads outlived the run: " + run.liveThreads());
            }
        }
        RunOutcome outcome = first.result().outcome();
        if (outcome instanceof RunOutcome.Crashed || outcome instanceof RunOutcome.Runaway) {
            problems.add("a generated program must complete or deadlock, but: " + outcome.describe());
        }
        return new Checked(simCase, first, second, problems);
    }

    /** The first entry where two traces differ, rendered, or a note that one is a prefix of the other. */
    public static String firstDifference(Trace a, Trace b) {
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            String left = a.renderEntry(i);
            String right = b.renderEntry(i);
            if (!left.equals(right)) {
                return "first difference at entry " + i + ": [" + left.strip() + "] vs [" + right.strip() + "]";
            }
        }
        if (a.size() != b.size()) {
            return "traces agree for " + common + " entries, then lengths differ: " + a.size() + " vs " + b.size();
        }
        return "traces render identically";
    }
}
