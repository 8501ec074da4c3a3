package io.mapdirect.harness;

import io.mapdirect.check.InvariantId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which invariants each design breaks by design (spec §6): a correct variant may violate these and
 * only these; the property suites and the kill matrix fail on anything else. docs/verdicts.md
 * explains each cell.
 *
 * <p>Decided after the verdict run's findings (docs/experiments.md, "Findings of the verdict run"):
 * <ul>
 *   <li>{@code LAYOUT_LEASE_RFC} x DAX_REG_NEEDS_IOMMU is by design. The 2019 RFC never revokes a
 *   device's access: the F_LAYOUT lease holder keeps its pin and the filesystem refuses to move
 *   the pinned blocks (ETXTBSY), so it needs no translating IOMMU, and device-dax registers without
 *   a lease at all, as in merged Linux (UPSTREAM has the same cell). [11] [20]'s rule belongs to
 *   the 2017 designs, whose only way to stop the device is the IOMMU.</li>
 *   <li>{@code LAYOUT_LEASE_RFC} x DMA_TO_FOREIGN_BLOCK after {@code kill_dev_dax} was a model bug,
 *   fixed in {@code DeviceDax.killDevDax}: the RFC is built on merged Linux, whose device-dax page
 *   map keeps the range until its last pin is gone.</li>
 *   <li>{@code LAYOUT_LEASE_RFC} x BREAK_BOUNDED is by design (seen once the generated RFC holder
 *   takes its F_LAYOUT lease through fcntl): an F_LAYOUT lease is an fcntl lease, so a holder that
 *   keeps it delays a breaker for lease-break-time, and with lease-break-time 0 for ever
 *   ({@code fs/locks.c}: a break time of 0 means "no break time"; the breaker waits until the holder
 *   unlocks). The RFC's holder keeps its lease on purpose: that is what makes truncate fail ETXTBSY.</li>
 *   <li>{@code LAYOUT_LEASE_RFC} x REG_ON_BROKEN_REFUSED is by design: the RFC's registration takes
 *   no {@code ->lease_direct} lease and does not look at MAP_DIRECT state; what protects its pin is
 *   the F_LAYOUT lease and ETXTBSY, so [09]'s ENXIO for a breaking MAP_DIRECT mapping does not
 *   apply.</li>
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
                    InvariantId.DAX_REG_NEEDS_IOMMU, InvariantId.BREAK_BOUNDED, InvariantId.REG_ON_BROKEN_REFUSED));

    private Expectations() {
    }

    /**
     * The invariants {@code variant} may violate by design; a {@code *_POSTED} variant has its
     * design's set (its other violations are the posted code's, which the verdict table attributes).
     */
    public static Set<InvariantId> byDesign(Variant variant) {
        return BY_DESIGN.get(variant.design());
    }

    /** Whether a violation of {@code id} under {@code variant} is a finding (not a known property of the design). */
    public static boolean isFinding(Variant variant, InvariantId id) {
        return !byDesign(variant).contains(id);
    }
}
