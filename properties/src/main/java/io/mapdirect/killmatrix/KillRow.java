package io.mapdirect.killmatrix;

import io.mapdirect.check.InvariantId;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.KnownBug;

/** One row of the kill matrix: a fault, the variant it is injected into and the invariant it breaks. */
public record KillRow(KnownBug fault, Variant variant, InvariantId expected) {
}
