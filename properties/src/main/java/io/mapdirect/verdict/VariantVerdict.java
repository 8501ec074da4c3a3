package io.mapdirect.verdict;

import io.mapdirect.check.InvariantId;
import io.mapdirect.harness.Variant;
import java.util.List;
import java.util.Optional;

/** What one variant's run gave: how many cases ran and the violated cells, in invariant order. */
public record VariantVerdict(Variant variant, int cases, List<Cell> violated) {
    public VariantVerdict {
        violated = List.copyOf(violated);
    }

    /** The cell of {@code id}, if violated. */
    public Optional<Cell> cell(InvariantId id) {
        return violated.stream().filter(c -> c.invariant() == id).findFirst();
    }
}
