package io.mapdirect.killmatrix;

import io.mapdirect.check.InvariantId;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.InjectedFault;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.TestFault;
import java.util.Set;

/**
 * One row of the kill matrix: a fault (a known bug or a hand-break), the variant it is injected into
 * and the invariant it breaks.
 */
public record KillRow(InjectedFault fault, Variant variant, InvariantId expected) {
    /** {@code c} with this row's fault on (its own faults replaced). */
    public Case inject(Case c) {
        return switch (fault) {
            case KnownBug bug -> c.withFaults(Set.of(bug)).withTestFaults(Set.of());
            case TestFault testFault -> c.withFaults(Set.of()).withTestFaults(Set.of(testFault));
        };
    }
}
