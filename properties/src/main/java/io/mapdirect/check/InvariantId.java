package io.mapdirect.check;

/** The invariants of spec §4, by their stable ids. */
public enum InvariantId {
    DMA_AFTER_REVOKE("once an MR's revocation has completed (break callback returned), no DMA through that MR reaches any file block", "[00] [11] [22]"),
    DMA_TO_FOREIGN_BLOCK("no DMA ever reaches a physical block that is not, at that instant, mapped at the registered file offset of the registered file", "[07] [11]"),
    BLOCKMAP_FROZEN("while a MAP_DIRECT mapping of an inode is live and not invalidated, the inode's block map does not change", "[00] [04] [06]"),
    FAULT_NO_ALLOC("a fault through a MAP_DIRECT VMA never allocates or converts blocks; it gets SIGBUS instead; likewise for reflinked or non-DAX inodes", "[06]"),
    SIGBUS_AFTER_INVALIDATE("after invalidation every access through the mapping gets SIGBUS; no stale page-table entry survives", "[04] [06]"),
    SIGIO_ON_BREAK("the holder gets exactly one SIGIO per break, on the fd it mapped with, before invalidation", "[02] [04]"),
    BREAK_BOUNDED("a breaker blocked on a MAP_DIRECT lease resumes within lease-break-time plus scheduling slack; no task waits forever", "[00] [06]"),
    BREAKER_NOT_FAILED("a lease breaker is delayed, never failed, by a MAP_DIRECT lease", "[29] [43] [44]"),
    REG_ON_BROKEN_REFUSED("registration on a MAP_DIRECT mapping that is invalid or breaking fails with ENXIO and leaves nothing behind", "[09]"),
    DAX_REG_NEEDS_IOMMU("registration of DAX memory for a device without a translating domain fails with EOPNOTSUPP and leaves nothing behind", "[11] [20]"),
    IOVA_NO_REUSE("an IOVA range revoked at a lease break is not handed out again until its MR is released", "[15]-[19] [33]"),
    IOTLB_STRICT("after revocation returns, no IOTLB entry for the revoked IOVAs remains", "[28] [31]"),
    MAPDCOUNT("i_mapdcount equals the number of MAP_DIRECT leases on the inode not yet unlocked, and never goes below zero", "[03] [04]"),
    REFCOUNT("each map_direct_state / lease_direct state is freed exactly once and never used after; the VMA count matches live VMAs", "[04] [08]"),
    NO_LEAK("when every process has exited and time has run out: no leases, no pins, no mapped or allocated IOVAs, i_mapdcount 0, all blocks accounted for", "[04] [08] [11]"),
    NO_OOPS("no model code path dereferences a dead object or hits a BUG-style assertion", "[03] [04]"),
    ERRNO("every call returns a result its table allows for the state it ran in", "[01] [06]"),
    LEGACY_DOWNGRADE("MAP_SHARED_VALIDATE with only legacy flags is indistinguishable from MAP_SHARED", "[01]"),
    USERSPACE_FLUSH_DURABLE("data stored through a valid MAP_DIRECT mapping and flushed from userspace survives a crash without fsync", "[00]"),
    GRACE_BEFORE_REVOKE("an RDMA registrant's DMA is not revoked before lease-break-time has passed since the break began, unless it released the MR itself", "[35] [39] [41]"),
    ODP_COHERENT("an ODP MR never reaches blocks the file no longer maps at that offset, and keeps working after a block-map change", "[34] [38]"),
    GRACE_BEFORE_INVALIDATE("a MAP_DIRECT mapping is not invalidated before lease-break-time has passed since its lease's break began, unless its holder unmapped it itself", "[00] [04] [06]"),
    LEASE_OWNER_OR_CAP_LEASE("only the file's owner, judged by fsuid, or a CAP_LEASE holder creates a MAP_DIRECT mapping or takes a layout or lease_direct lease", "[04] [06] [08]"),
    LEASE_HELD_UNTIL_REVOKED("a lease_direct lease whose break began is not unlocked before its revocation callback returned (unless its owner is destroying it), and never freed before", "[08] [11]"),
    ODP_INVALIDATE_COMPLETE("when an ODP invalidation returns, the device holds no translation of any page of the invalidated range", "[34] [38]");

    private final String statement;
    private final String seed;

    InvariantId(String statement, String seed) {
        this.statement = statement;
        this.seed = seed;
    }

    public String statement() {
        return statement;
    }

    /** The seed messages it comes from. */
    public String seed() {
        return seed;
    }
}
