package io.mapdirect.corpus;

import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.Step;
import java.util.List;
import java.util.Set;

/**
 * Replays corpus cases: runs a case with every invariant (no expectations table: the case's own
 * header says what it must violate) and judges it with {@link CaseVerdict}.
 */
public final class Replay {
    /** A replayed case: what the run gave and the verdict. */
    public record Replayed(Case replayed, CaseResult result, CaseVerdict verdict) { }

    private Replay() {
    }

    /** Runs {@code c} and judges it. */
    public static Replayed run(Case c) {
        CaseResult result = Runs.run(c, false);
        return new Replayed(c, result, CaseVerdict.judge(c, result));
    }

    /**
     * A fault case with its faults taken out: the same world, steps and schedule on the correct
     * variant, without result checks (the fixed code may return something else), expecting pass.
     */
    public static Case faultsOff(Case c) {
        List<Step> steps = c.steps().stream().map(Step::unchecked).toList();
        return c.withVariant(c.variant().design()).withFaults(Set.of()).withReverted(Set.of()).withTestFaults(Set.of())
                .withExpect(Case.PASS).withSteps(steps)
                .withHeader(c.title() + " (faults off)", c.provenance());
    }

    /** The command that replays {@code file}. */
    public static String command(String file) {
        return "./mapdirect replay " + file;
    }
}
