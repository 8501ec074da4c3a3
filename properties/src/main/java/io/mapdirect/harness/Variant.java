package io.mapdirect.harness;

import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Repair;
import java.util.EnumSet;
import java.util.Set;

/**
 * The designs of spec §6, as world configurations of one model: each selects the policy at
 * the few points where the designs differ, and the flag profile. A variant is the design with the
 * seed's implementation bugs fixed; spec §5's faults put them back one at a time.
 *
 * <p>The two {@code *_POSTED} variants run the series as it was posted: the v7 or v8 design with
 * every known bug of that version on and every {@link Repair} reverted. {@code LAZY_IOTLB} is not
 * among them: no posted line queues the revocation's IOTLB flush (the flush queue is an IOMMU
 * driver's choice [28], and the vendors' {@code iommu_unmap()} flushes synchronously [31]); a
 * device declared {@code iommu=lazy} still gets a lazily flushed DMA domain.
 */
public enum Variant {
    /** The v7 patches as posted: {@code dma_has_iommu}, {@code dma_unmap_sg} at break [07] [11]. */
    V7(FlagProfile.SEED_2017, Policy.v8().withRevoke(Policy.Revoke.DMA_UNMAP_SG)),
    /** v8: {@code dma_get_iommu_domain}, {@code iommu_unmap} at break, IOVA kept [20] [22]. */
    V8(FlagProfile.SEED_2017, Policy.v8()),
    /** v8 with revocation after lease-break-time, as the cover text describes [35]. */
    V8_GRACE(FlagProfile.SEED_2017, Policy.v8().withRevokeTiming(Policy.RevokeTiming.AFTER_GRACE)),
    /** Retarget the MR's IOVAs to a scratch page at break [43] [44] [46] [47]. */
    REMAP(FlagProfile.SEED_2017, Policy.v8().withRevoke(Policy.Revoke.REMAP_SCRATCH)),
    /** On-demand-paging MRs: no pins, invalidation before the block map changes [34] [38]. */
    ODP(FlagProfile.SEED_2017, Policy.v8().withOdp(true)),
    /** What Linux merged: MAP_SHARED_VALIDATE + MAP_SYNC, no MAP_DIRECT, long-term fs-DAX pins refused. */
    UPSTREAM(FlagProfile.LINUX_6X, Policy.v8().withMapDirect(false).withLongTermPin(Policy.LongTermPin.REFUSE_FS_DAX)),
    /** The 2019 layout-lease RFC: F_LAYOUT leases, EPERM without one, ETXTBSY for truncating a pinned range. */
    LAYOUT_LEASE_RFC(FlagProfile.SEED_2017, Policy.v8().withLongTermPin(Policy.LongTermPin.LAYOUT_LEASE)),
    /**
     * v7 exactly as posted [01]-[12]: the v7 known bugs on, every repair reverted. Not
     * IDENTITY_HAS_IOMMU either: read against 4.14, neither vendor's posted {@code dma_has_iommu()}
     * says yes for a passthrough device (AMD gives such a device no {@code amd_iommu_dma_ops}, so
     * its {@code ->has_iommu} is never reached; Intel tests {@code !iommu_no_mapping(dev)}), so the
     * bug the review feared [13]-[19] has no posted line to live in ({@code DmaMapping}).
     */
    V7_POSTED(V7, seedBugsExcept(KnownBug.LAZY_IOTLB, KnownBug.IDENTITY_HAS_IOMMU)),
    /**
     * v8 exactly as posted ([01]-[06], [08]-[10] of v7 with [20]-[22]): the known bugs of the code v8
     * kept on (not v7's {@code dma_has_iommu()} nor its {@code dma_unmap_sg()} at break, which v8
     * replaced), every repair reverted.
     */
    V8_POSTED(V8, seedBugsExcept(KnownBug.LAZY_IOTLB, KnownBug.IDENTITY_HAS_IOMMU, KnownBug.V7_UNMAP_AT_BREAK));

    private final FlagProfile profile;
    private final Policy policy;
    private final Variant base;
    private final Set<KnownBug> postedBugs;

    /** Every known bug of the seed except {@code left}. */
    private static Set<KnownBug> seedBugsExcept(KnownBug... left) {
        return EnumSet.complementOf(EnumSet.of(left[0], left));
    }

    Variant(FlagProfile profile, Policy policy) {
        this.profile = profile;
        this.policy = policy;
        this.base = null;
        this.postedBugs = Set.of();
    }

    Variant(Variant base, Set<KnownBug> postedBugs) {
        this.profile = base.profile;
        this.policy = base.policy;
        this.base = base;
        this.postedBugs = Set.copyOf(postedBugs);
    }

    public FlagProfile profile() {
        return profile;
    }

    public Policy policy() {
        return policy;
    }

    /** The designs, the variants that are not {@code *_POSTED}, in declaration order (what the campaign fuzzes). */
    public static java.util.List<Variant> designs() {
        return java.util.Arrays.stream(values()).filter(v -> !v.posted()).toList();
    }

    /** Whether this variant runs the posted code (its bugs on, every repair reverted). */
    public boolean posted() {
        return base != null;
    }

    /** The design this variant runs: itself, or for a {@code *_POSTED} variant the fixed design it posts. */
    public Variant design() {
        return base == null ? this : base;
    }

    /** The known bugs the variant itself puts in (a case's faults come on top). */
    public Set<KnownBug> bugs() {
        return postedBugs;
    }

    /** The repairs the variant reverts: all of them for a {@code *_POSTED} variant, else none. */
    public Set<Repair> reverted() {
        return base == null ? Set.of() : EnumSet.allOf(Repair.class);
    }
}
