package io.mapdirect.kernel;

/**
 * Test-only faults: changes no posted line has and the thread never named, switched on only by tests.
 * Like known bugs ({@link KnownBug}), each changes the model at one place, and checkers never read
 * which is on. Not part of any variant or of the verdict table; the faults-off replay takes them out.
 * Two uses:
 *
 * <ul>
 *   <li><b>Witness faults</b> ({@link #handBreak()} 0): they make an invariant that neither a known bug
 *       nor a reverted {@link Repair} can break fail, in its witness case under
 *       {@code fuzz-corpus/cases/witnesses/} (named in the case's {@code # test_faults:} header).</li>
 *   <li><b>Hand-breaks</b> ({@link #handBreak()} 1 and up, the number of docs/experiments.md's table):
 *       plausible one-place kernel bugs in the model's subsystems, written to see whether the suite
 *       notices bugs nobody told it about. Each has a row of its own in the kill matrix
 *       ({@code killmatrix.KillMatrix#HAND_BREAKS}), hunted by {@code ./mapdirect hunt --hand-breaks},
 *       and a case under {@code fuzz-corpus/cases/hand-breaks/} where an invariant fires with it on
 *       and not with it off. Hand-break 8 is also a witness fault.</li>
 * </ul>
 */
public enum TestFault implements InjectedFault {
    /**
     * {@code map_direct_lm_break()} schedules the invalidation at once
     * ({@code schedule_delayed_work(&mds->mds_work, 0)}), as {@code lease_direct_lm_break()} [08]
     * schedules its revocation: the MAP_DIRECT holder gets no grace. Breaks GRACE_BEFORE_INVALIDATE.
     */
    MAP_DIRECT_INVALIDATE_AT_ONCE(0),
    /**
     * {@code generic_setlease()} compares the caller's uid, not its fsuid, with the file's owner.
     * Breaks LEASE_OWNER_OR_CAP_LEASE for a caller whose fsuid differs from its uid.
     */
    SETLEASE_CHECKS_UID(0),
    /**
     * Hand-break 8. {@code lease_direct_invalidate()} unlocks the lease before it runs the owner's break
     * callback (the two lines of [08] swapped). Breaks LEASE_HELD_UNTIL_REVOKED; with a DMA racing the
     * late revocation, DMA_TO_FOREIGN_BLOCK.
     */
    LEASE_DIRECT_UNLOCK_FIRST(8),
    /**
     * The ODP invalidation zaps the device's translations of its range except the last page (an
     * off-by-one in the range handed to the driver). Breaks ODP_INVALIDATE_COMPLETE.
     */
    ODP_ZAP_SHORT(0),
    /**
     * {@code do_mmap()} without [01]'s downgrade: a MAP_SHARED_VALIDATE with only legacy flags on a
     * file without {@code ->mmap_validate} is refused with EOPNOTSUPP. Breaks LEGACY_DOWNGRADE.
     */
    NO_LEGACY_DOWNGRADE(0),
    /**
     * {@code xfs_vma_checks()} [06] without its reflink test: a MAP_DIRECT fault maps a page of a
     * reflinked inode instead of getting SIGBUS. Breaks FAULT_NO_ALLOC.
     */
    DIRECT_FAULT_IGNORES_REFLINK(0),
    /**
     * The ODP MR's {@code ->invalidate_range_start()} [34] [38] does nothing: the device keeps
     * translating through pages the CPU mapping no longer maps. Breaks ODP_COHERENT.
     */
    ODP_IGNORES_INVALIDATE(0),
    /**
     * Hand-break 1. {@code iommu_unmap()} clears the PTEs but skips the IOTLB invalidation (an
     * {@code iommu_unmap()} that forgets its {@code iommu_tlb_sync()}): the device's cached translations
     * outlive a synchronous revocation. Breaks IOTLB_STRICT.
     */
    IOMMU_UNMAP_SKIPS_IOTLB(1),
    /**
     * Hand-break 2. A lazy {@code dma_unmap_sg()} frees the IOVA at once and queues only the IOTLB
     * flush (the order of {@code __unmap_single()}'s {@code free_iova_fast()} and {@code queue_iova()}
     * inverted): the IOVA can be reused while the IOTLB still translates it to the old block. Breaks
     * DMA_TO_FOREIGN_BLOCK.
     */
    LAZY_UNMAP_FREES_IOVA_EARLY(2),
    /**
     * Hand-break 3. {@code __ib_umem_release()} unpins every page of the umem but the last (an
     * off-by-one in its {@code for_each_sg} walk). Breaks NO_LEAK.
     */
    UMEM_RELEASE_KEEPS_LAST_PIN(3),
    /**
     * Hand-break 4. The ODP invalidation ({@code ib_umem_notifier_invalidate_range_start()}) zaps the
     * device but does not bump {@code notifiers_seq}: a device fault that looked the page up before the
     * invalidation installs it after. Breaks ODP_COHERENT.
     */
    ODP_INVALIDATE_NO_SEQ_BUMP(4),
    /**
     * Hand-break 5. {@code map_direct_lm_break()} [04] schedules the invalidation but forgets
     * {@code kill_fasync()}: the holder gets no SIGIO. Breaks SIGIO_ON_BREAK.
     */
    MAP_DIRECT_BREAK_NO_SIGIO(5),
    /**
     * Hand-break 6. {@code xfs_file_fallocate()} skips {@code xfs_break_layouts()} for a hole punch: the
     * block map changes under a live MAP_DIRECT mapping. Breaks BLOCKMAP_FROZEN.
     */
    PUNCH_HOLE_NO_BREAK_LAYOUTS(6),
    /**
     * Hand-break 7. {@code __split_vma()} inserts the new VMA without calling {@code vm_ops->open}: the
     * MAP_DIRECT state is shared by one more VMA than it counts. Breaks REFCOUNT.
     */
    SPLIT_VMA_NO_OPEN(7),
    /**
     * Hand-break 9, the IOVA allocator. {@code __alloc_and_insert_iova_range()}'s top-down search
     * moves its limit to the start of the range it passes instead of one below it, so a new range can
     * end on the first pfn of the range allocated below the limit (the kind of off-by-one that iova.c's
     * history has fixed more than once). A revoked MR's range then overlaps the next registration's.
     * Breaks IOVA_NO_REUSE.
     */
    IOVA_SEARCH_OVERLAPS_BELOW(9),
    /**
     * Hand-break 10, the flush queue. {@code fq_flush_timeout()} / {@code iova_domain_flush()} invalidate
     * the IOTLB for every queued range but never free the IOVAs ({@code fq_ring_free()} not called): every
     * lazily unmapped range stays allocated. Breaks NO_LEAK.
     */
    FLUSH_QUEUE_DRAIN_KEEPS_IOVA(10),
    /**
     * Hand-break 11, the ODP notifier sequence. The ODP device-fault path reads {@code notifiers_seq}
     * after it looked the page up instead of before ({@code mmu_interval_read_begin()} moved below
     * {@code hmm_range_fault()}): an invalidation between the look-up and the read goes unnoticed and the
     * stale page is installed. Breaks ODP_COHERENT.
     */
    ODP_FAULT_SEQ_READ_LATE(11),
    /**
     * Hand-break 12, the lease table. {@code lease_modify(F_UNLCK)} removes the lease without
     * {@code filp->f_op->fasync(-1, ...)}: the lease's fasync entry is never freed. Breaks NO_LEAK.
     */
    LEASE_UNLOCK_KEEPS_FASYNC(12),
    /**
     * Hand-break 13, the XFS log. {@code xfs_log_force_inode()} returns at once when the inode's size is
     * what it last logged, as if an allocation inside EOF had not joined the inode to its transaction:
     * blocks allocated or converted inside EOF are not made durable by fsync or by the MAP_DIRECT
     * registration's log force. Breaks USERSPACE_FLUSH_DURABLE.
     */
    XFS_LOG_FORCE_SIZE_ONLY(13),
    /**
     * Hand-break 14, device-dax shutdown. {@code kill_dev_dax()} [10] calls
     * {@code break_layout(inode, false)} instead of {@code true}: the breaks start but the shutdown does
     * not wait for the lease_direct holders' revocations before the range moves on. Breaks
     * DMA_TO_FOREIGN_BLOCK.
     */
    DEVDAX_KILL_BREAK_NOWAIT(14),
    /**
     * Hand-break 15, the page-pin counts. {@code get_user_pages()} returns an error without putting the
     * pages it pinned before the failing one. Breaks NO_LEAK.
     */
    GUP_ERROR_KEEPS_PINS(15),
    /**
     * Hand-break 16, fork. {@code dup_mmap()} copies a file VMA without {@code get_file()}: the child's
     * VMA holds a file reference it never took, so the file is put once too often (a use after free in
     * {@code fput()}). Breaks REFCOUNT.
     */
    FORK_NO_GET_FILE(16);

    private final int handBreak;

    TestFault(int handBreak) {
        this.handBreak = handBreak;
    }

    /** The hand-break's number in docs/experiments.md, 0 for a witness-only fault. */
    public int handBreak() {
        return handBreak;
    }

    /** Whether it is a hand-break (a kill-matrix row of its own). */
    public boolean isHandBreak() {
        return handBreak > 0;
    }
}
