package io.mapdirect.harness;

import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.kernel.Policy;

/**
 * The designs of spec §6, as world configurations of one model: each selects the policy at
 * the few points where the designs differ, and the flag profile. A variant is the design with the
 * seed's implementation bugs fixed; spec §5's faults put them back one at a time.
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
    LAYOUT_LEASE_RFC(FlagProfile.SEED_2017, Policy.v8().withLongTermPin(Policy.LongTermPin.LAYOUT_LEASE));

    private final FlagProfile profile;
    private final Policy policy;

    Variant(FlagProfile profile, Policy policy) {
        this.profile = profile;
        this.policy = policy;
    }

    public FlagProfile profile() {
        return profile;
    }

    public Policy policy() {
        return policy;
    }
}
