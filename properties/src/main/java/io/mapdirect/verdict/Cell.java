package io.mapdirect.verdict;

import io.mapdirect.check.InvariantId;
import io.mapdirect.check.Violation;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseMinimizer;
import io.mapdirect.harness.Expectations;
import io.mapdirect.harness.Variant;

/**
 * One violated cell of the table: the variant, the invariant, in how many of the run's cases it was
 * violated, the 1-based index of the first such case (so {@code --budget firstCase} replays it), the
 * shrunk counterexample and its violation.
 *
 * @param violatedIn  cases of the run that violated the invariant
 * @param firstCase   1-based index of the first one in the variant's case stream
 * @param shrunk      the first one, minimized, still violating the invariant
 * @param violation   the shrunk case's violation of the invariant
 */
public record Cell(Variant variant, InvariantId invariant, int violatedIn, int firstCase, Case shrunk,
                   Violation violation) {
    /** Whether the design makes this violation by design (else it is a finding). */
    public boolean byDesign() {
        return !Expectations.isFinding(variant, invariant);
    }

    public int shrunkOps() {
        return shrunk.steps().size();
    }

    public int shrunkSwitches() {
        return CaseMinimizer.switches(shrunk);
    }
}
