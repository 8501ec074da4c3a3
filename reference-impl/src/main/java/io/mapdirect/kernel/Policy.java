package io.mapdirect.kernel;

/**
 * The few points where the designs of spec §6 differ. A variant is a choice of these; the
 * model consults them exactly where the designs part ways and nowhere else.
 *
 * @param revoke        what the RDMA lease-break callback does to the MR's device access
 * @param revokeTiming  when it does it: as soon as the break starts, or after lease-break-time [35]
 * @param odp           whether user MRs are on-demand-paging MRs (no pins, device faults) [34] [38]
 * @param longTermPin   what a long-term pin (RDMA registration) of fs-DAX pages needs
 * @param mapDirect     whether mmap supports MAP_DIRECT at all (the merged kernel does not)
 * @param nonDaxMapDirect what MAP_DIRECT on a non-DAX or reflinked file does at mmap time [26] [36]
 */
public record Policy(Revoke revoke, RevokeTiming revokeTiming, boolean odp, LongTermPin longTermPin,
                     boolean mapDirect, NonDaxMapDirect nonDaxMapDirect) {

    /** The break callback's action on the MR. */
    public enum Revoke {
        /** v7 [11]: {@code dma_unmap_sg}, which also frees the IOVA range. */
        DMA_UNMAP_SG,
        /** v8 [22]: {@code iommu_unmap} of the range; the IOVA stays allocated until release. */
        IOMMU_UNMAP,
        /** REMAP [43]: retarget the MR's IOVAs to a scratch page; the device sees no error. */
        REMAP_SCRATCH
    }

    /** When revocation happens. */
    public enum RevokeTiming {
        /** As the code does: the lease_direct break schedules the revocation at once [08]. */
        IMMEDIATE,
        /** As the cover text promises: the registrant gets lease-break-time to quiesce first [35]. */
        AFTER_GRACE
    }

    /** Who may long-term pin fs-DAX pages. */
    public enum LongTermPin {
        /** The 2017 design: allowed with a lease_direct lease and a translating IOMMU [11] [22]. */
        LEASE_DIRECT,
        /** Merged Linux: refused with EOPNOTSUPP (FOLL_LONGTERM on fs-DAX); device-dax allowed. */
        REFUSE_FS_DAX,
        /** The 2019 RFC: allowed only under an F_LAYOUT lease taken through fcntl, else EPERM. */
        LAYOUT_LEASE
    }

    /** MAP_DIRECT on a file that is not DAX or has reflinked blocks. */
    public enum NonDaxMapDirect {
        /** As posted [06]: the mmap succeeds, every fault gets SIGBUS. */
        SIGBUS_AT_FAULT,
        /** As Dave Chinner suggests [26]: refuse at mmap time with EOPNOTSUPP. */
        REFUSE_AT_MMAP
    }

    /** v8 as posted, bugs fixed: iommu_unmap at once, pinned MRs, lease_direct. */
    public static Policy v8() {
        return new Policy(Revoke.IOMMU_UNMAP, RevokeTiming.IMMEDIATE, false, LongTermPin.LEASE_DIRECT, true,
                NonDaxMapDirect.SIGBUS_AT_FAULT);
    }

    public Policy withRevoke(Revoke value) {
        return new Policy(value, revokeTiming, odp, longTermPin, mapDirect, nonDaxMapDirect);
    }

    public Policy withRevokeTiming(RevokeTiming value) {
        return new Policy(revoke, value, odp, longTermPin, mapDirect, nonDaxMapDirect);
    }

    public Policy withOdp(boolean value) {
        return new Policy(revoke, revokeTiming, value, longTermPin, mapDirect, nonDaxMapDirect);
    }

    public Policy withLongTermPin(LongTermPin value) {
        return new Policy(revoke, revokeTiming, odp, value, mapDirect, nonDaxMapDirect);
    }

    public Policy withMapDirect(boolean value) {
        return new Policy(revoke, revokeTiming, odp, longTermPin, value, nonDaxMapDirect);
    }

    public Policy withNonDaxMapDirect(NonDaxMapDirect value) {
        return new Policy(revoke, revokeTiming, odp, longTermPin, mapDirect, value);
    }
}
