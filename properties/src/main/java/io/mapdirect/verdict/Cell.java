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
 * @param attribution for a {@code *_POSTED} variant, what explains the violation; null otherwise
 */
public record Cell(Variant variant, InvariantId invariant, int violatedIn, int firstCase, Case shrunk,
                   Violation violation, Attribution attribution) {
    /** A cell of a design variant (no attribution). */
    public Cell(Variant variant, InvariantId invariant, int violatedIn, int firstCase, Case shrunk, Violation violation) {
        this(variant, invariant, violatedIn, firstCase, shrunk, violation, null);
    }

    /**
     * Whether the violation needs no person to look at it: the design violates the invariant by
     * design, or (posted variants) a known bug, an unnamed defect of the posted series or the
     * design's own behaviour explains it. Else it is a finding.
     */
    public boolean byDesign() {
        if (attribution != null) {
            return attribution.kind() != Attribution.Kind.UNEXPLAINED;
        }
        return !Expectations.isFinding(variant, invariant);
    }

    /**
     * The table's word: {@code violated} (by design), {@code FINDING}, and for posted variants
     * {@code bug} (a known bug explains it) and {@code DEFECT} (an unnamed defect of the series).
     */
    public String word() {
        if (attribution == null) {
            return byDesign() ? "violated" : "FINDING";
        }
        return switch (attribution.kind()) {
            case KNOWN_BUG -> "bug";
            case UNNAMED_DEFECT -> "DEFECT";
            case BY_DESIGN -> "violated";
            case UNEXPLAINED -> "FINDING";
        };
    }

    public int shrunkOps() {
        return shrunk.steps().size();
    }

    public int shrunkSwitches() {
        return CaseMinimizer.switches(shrunk);
    }
}
