package io.mapdirect.harness;

import io.mapdirect.check.InvariantId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which invariants each design breaks by design (SPEC 6): a correct variant may violate these and
 * only these; the property suites and the kill matrix fail on anything else. The README's verdict
 * table explains each cell.
 *
 * <p>Decided after the verdict run's findings (issue 6):
 * <ul>
 *   <li>{@code LAYOUT_LEASE_RFC} x DAX_REG_NEEDS_IOMMU is by design. The 2019 RFC never revokes a
 *   device's access: the F_LAYOUT lease holder keeps its pin and the filesystem refuses to move
 *   the pinned blocks (ETXTBSY), so it needs no translating IOMMU, and device-dax registers without
 *   a lease at all, as in merged Linux (UPSTREAM has the same cell). [11] [20]'s rule belongs to
 *   the 2017 designs, whose only way to stop the device is the IOMMU.</li>
 *   <li>{@code LAYOUT_LEASE_RFC} x DMA_TO_FOREIGN_BLOCK after {@code kill_dev_dax} was a model bug,
 *   fixed in {@code DeviceDax.killDevDax}: the RFC is built on merged Linux, whose device-dax page
 *   map keeps the range until its last pin is gone.</li>
 * </ul>
 */
public final class Expectations {
    private static final Map<Variant, Set<InvariantId>> BY_DESIGN = Map.of(
            Variant.V7, EnumSet.of(InvariantId.IOVA_NO_REUSE, InvariantId.DMA_TO_FOREIGN_BLOCK,
                    InvariantId.DMA_AFTER_REVOKE, InvariantId.GRACE_BEFORE_REVOKE, InvariantId.IOTLB_STRICT),
            Variant.V8, EnumSet.of(InvariantId.GRACE_BEFORE_REVOKE),
            Variant.V8_GRACE, EnumSet.noneOf(InvariantId.class),
            Variant.REMAP, EnumSet.of(InvariantId.GRACE_BEFORE_REVOKE, InvariantId.IOTLB_STRICT),
            Variant.ODP, EnumSet.of(InvariantId.REG_ON_BROKEN_REFUSED, InvariantId.DAX_REG_NEEDS_IOMMU),
            Variant.UPSTREAM, EnumSet.of(InvariantId.DAX_REG_NEEDS_IOMMU),
            Variant.LAYOUT_LEASE_RFC, EnumSet.of(InvariantId.BREAKER_NOT_FAILED, InvariantId.GRACE_BEFORE_REVOKE,
                    InvariantId.DAX_REG_NEEDS_IOMMU));

    private Expectations() {
    }

    /** The invariants {@code variant} may violate by design. */
    public static Set<InvariantId> byDesign(Variant variant) {
        return BY_DESIGN.get(variant);
    }

    /** Whether a violation of {@code id} under {@code variant} is a finding (not a known property of the design). */
    public static boolean isFinding(Variant variant, InvariantId id) {
        return !byDesign(variant).contains(id);
    }
}
