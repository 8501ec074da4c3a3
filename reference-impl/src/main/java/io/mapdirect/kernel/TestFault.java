package io.mapdirect.kernel;

/**
 * Test-only faults: changes no posted line has and the thread never named, injected only so that
 * an invariant which neither a known bug ({@link KnownBug}) nor a reverted {@link Repair} can break
 * is seen to fail (its witness case under {@code fuzz-corpus/cases/witnesses/}). They are not part
 * of any variant, the kill matrix or the verdict table; a case names them in its
 * {@code # test_faults:} header. Like known bugs, each changes the model at one place, and checkers
 * never read which is on.
 */
public enum TestFault {
    /**
     * {@code map_direct_lm_break()} schedules the invalidation at once
     * ({@code schedule_delayed_work(&mds->mds_work, 0)}), as {@code lease_direct_lm_break()} [08]
     * schedules its revocation: the MAP_DIRECT holder gets no grace. Breaks GRACE_BEFORE_INVALIDATE.
     */
    MAP_DIRECT_INVALIDATE_AT_ONCE,
    /**
     * {@code generic_setlease()} compares the caller's uid, not its fsuid, with the file's owner.
     * Breaks LEASE_OWNER_OR_CAP_LEASE for a caller whose fsuid differs from its uid.
     */
    SETLEASE_CHECKS_UID,
    /**
     * {@code lease_direct_invalidate()} unlocks the lease before it runs the owner's break callback
     * (the two lines of [08] swapped). Breaks LEASE_HELD_UNTIL_REVOKED.
     */
    LEASE_DIRECT_UNLOCK_FIRST,
    /**
     * The ODP invalidation zaps the device's translations of its range except the last page (an
     * off-by-one in the range handed to the driver). Breaks ODP_INVALIDATE_COMPLETE.
     */
    ODP_ZAP_SHORT,
    /**
     * {@code do_mmap()} without [01]'s downgrade: a MAP_SHARED_VALIDATE with only legacy flags on a
     * file without {@code ->mmap_validate} is refused with EOPNOTSUPP. Breaks LEGACY_DOWNGRADE.
     */
    NO_LEGACY_DOWNGRADE,
    /**
     * {@code xfs_vma_checks()} [06] without its reflink test: a MAP_DIRECT fault maps a page of a
     * reflinked inode instead of getting SIGBUS. Breaks FAULT_NO_ALLOC.
     */
    DIRECT_FAULT_IGNORES_REFLINK,
    /**
     * The ODP MR's {@code ->invalidate_range_start()} [34] [38] does nothing: the device keeps
     * translating through pages the CPU mapping no longer maps. Breaks ODP_COHERENT.
     */
    ODP_IGNORES_INVALIDATE
}
