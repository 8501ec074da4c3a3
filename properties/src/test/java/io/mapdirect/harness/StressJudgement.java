package io.mapdirect.harness;

import io.mapdirect.check.Violation;
import io.mapdirect.sim.RunOutcome;
import io.mapdirect.sim.StressTally;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How one real-thread run of a case is judged by its invariants. A run is judged when its final
 * checks ran ({@link CaseResult#endChecked}: the world quiesced and the end-state checks ran, or a
 * crash operation's durability checks ran) or when the model crashed, in the main run or while it
 * quiesced (NO_OOPS and REFCOUNT judge the crash itself): it is then {@link Clean} or {@link Violated}. Any other run (a deadlock, a hang at the
 * wall-clock limit, a budget runaway, a quiescing run that did not complete, checkers that threw at a
 * quiescent point) is {@link Unjudgeable}, with the reason: on real threads such an end may be the
 * threaded scheduler's and not the model's, and the end-state checks never ran.
 */
sealed interface StressJudgement {
    /** Judged, and no invariant was violated. */
    record Clean() implements StressJudgement { }

    /** Judged, and these invariants were violated (the first violation of each). */
    record Violated(List<Violation> violations) implements StressJudgement {
        public Violated {
            violations = List.copyOf(violations);
        }
    }

    /** Not judged: {@code kind} groups the reasons in the report, {@code why} says it for this run. */
    record Unjudgeable(String kind, String why) implements StressJudgement { }

    /** Judges one run's result. */
    static StressJudgement of(CaseResult result) {
        if (result.endChecked() || result.lastOutcome() instanceof RunOutcome.Crashed) {
            return result.violations().isEmpty() ? new Clean() : new Violated(result.violations());
        }
        String kind = "did not quiesce: " + StressTally.classify(result.lastOutcome())
                + (result.outcome() instanceof RunOutcome.Completed ? " (in the run that exits every process)" : "");
        String seen = result.violations().isEmpty() ? "" : "; its checkers had reported "
                + result.violations().stream().map(v -> v.id() + " (" + v.message() + ")").collect(Collectors.joining(", "))
                + ", not counted";
        return new Unjudgeable(kind, kind + ": " + result.lastOutcome().describe().lines().findFirst().orElse("") + seen);
    }

    /** A run whose checkers threw at a quiescent point: they could not judge it. */
    static StressJudgement checkersFailed(Throwable error) {
        return new Unjudgeable("the checkers could not run: " + error.getClass().getSimpleName(),
                "the checkers could not run at a quiescent point: " + error);
    }
}
