package io.mapdirect.kernel;

/**
 * The model's repairs: every place where the model, on purpose, does not do what the posted code
 * does and the thread never named the difference as a bug (those are {@link KnownBug}s). Each is a
 * switch: on (the default) the model runs the repaired line, reverted it runs the posted line. The
 * {@code *_POSTED} variants revert them all, so that they run the series as it was posted.
 *
 * <p>Each constant carries the message it departs from, the posted line (quoted), and why the
 * model departs. {@code docs/kernel-map.md} lists them with the Java mirror they live in. Checkers
 * never read this registry (nor {@link KnownBug}): a difference must show through the invariants.
 */
public enum Repair {
    /**
     * The state's reference counting: the lease's reference is dropped when the lease is unlocked
     * and the invalidation work takes a reference of its own while it is pending.
     */
    MDS_REF_PER_HOLDER("[04]",
            "map_direct_lm_change(): i_mapdcount_dec(mds->mds_inode); return lease_modify(fl, arg, dispose);"
                    + " / map_direct_lm_break(): schedule_delayed_work(...) (no reference taken)",
            "as posted, the lease's reference (atomic_inc(&mds->mds_ref) before vfs_setlease) is dropped only by"
                    + " map_direct_invalidate(): a MAP_DIRECT mapping unmapped without a break leaks its"
                    + " map_direct_state"),
    /** The invalidation zaps every VMA that shares the state, not only {@code mds_vma}'s range. */
    INVALIDATE_ZAPS_EVERY_VMA("[04]",
            "map_direct_invalidate(): if (vma) { ... unmap_mapping_range(inode->i_mapping, start, len, 1); }",
            "after a split mds_vma covers part of the mapping (or is the half already unmapped); the rest keeps its"
                    + " PTEs and the holder keeps storing into blocks the breaker is about to change"),
    /** The invalidation flushes in-flight faults (the fault lock, taken and dropped) before zapping. */
    INVALIDATE_FLUSHES_FAULTS("[04]",
            "map_direct_invalidate(): clear_bit(MAPDIRECT_VALID, &mds->mds_state); vma = ACCESS_ONCE(mds->mds_vma);"
                    + " ... unmap_mapping_range(...)",
            "a fault that tested MAPDIRECT_VALID before it was cleared installs its PTE after the zap; the posted"
                    + " code takes no lock between the two"),
    /** The break signals the holder before it schedules the invalidation. */
    SIGIO_BEFORE_INVALIDATE_WORK("[04]",
            "map_direct_lm_break(): schedule_delayed_work(&mds->mds_work, lease_break_time * HZ);"
                    + " kill_fasync(&fl->fl_fasync, SIGIO, POLL_MSG);",
            "with lease-break-time 0 the work can run (and invalidate the mapping) before the holder is signalled"),
    /**
     * {@code i_mapdcount} is raised while the lease is inserted, under the lease lock.
     *
     * <p>No observable difference in this model yet, so no witness pair: the window matters when a
     * break's invalidation runs inside it (lease-break-time 0), and the model's delayed work of
     * delay 0 runs only once every task sleeps, which the registering task never does there (the
     * kernel's {@code schedule_delayed_work(w, 0)} queues the work at once; see the open
     * departures in {@code docs/posted-code.md}). An allocating fault through another mapping that
     * reads the count in the window (v7's check) allocates before the registration has published
     * anything, which no invariant forbids.
     */
    MAPDCOUNT_WITH_LEASE("[03] [04]",
            "map_direct_register(): rc = vfs_setlease(file, fl->fl_type, &fl, &owner); ... i_mapdcount_inc(inode);",
            "between the lease's insertion and the increment a break whose invalidation runs at once decrements"
                    + " the count first (BUG_ON in i_mapdcount_dec()), and the count and the lease list disagree"),
    /** {@code put_map_direct_vma()} reads the file from the state, not from {@code mds->mds_vma}. */
    PUT_VMA_READS_STATE("[04]",
            "put_map_direct_vma(): struct vm_area_struct *vma = mds->mds_vma; struct file *file = vma->vm_file;",
            "on every VMA close; after a split and an munmap of the VMA mds_vma points to, that VMA is freed: a"
                    + " use-after-free (and a NULL dereference once the last close cleared mds_vma)"),
    /** The MAP_DIRECT registration forces the XFS log (commits the inode's block map). */
    REGISTRATION_COMMITS_LOG("[06]",
            "xfs_file_mmap_validate(): ... mds = map_direct_register(fd, vma); ... (no log force anywhere)",
            "the cover letter promises that a store flushed from userspace through a MAP_DIRECT mapping is durable"
                    + " without fsync; the posted code relies on the block map being already durable, which it is"
                    + " not after a recent allocation or unwritten-extent conversion"),
    /** An allocating write fault waits for the layout break and retries ({@code VM_FAULT_RETRY}). */
    ALLOC_FAULT_RETRIES("[29]",
            "\"using a call to break_layout(inode, false) and bailing in ->iomap_begin() if it returns EWOULDBLOCK\"",
            "the fix Dan proposes starts the break and fails the fault (SIGBUS); the model waits for the break and"
                    + " retries, so a store through an ordinary mapping is delayed, never failed (v7 as posted is"
                    + " KnownBug.ALLOC_FAULT_NO_BREAK)"),
    /**
     * The MAP_DIRECT fault refuses (SIGBUS) any write that would change the block map, in the fault
     * handler itself.
     */
    DIRECT_FAULT_REFUSES_BLOCK_MAP_CHANGE("[03] [06]",
            "__xfs_filemap_fault(): ret = xfs_vma_checks(vma, inode); if (ret) goto out_unlock;"
                    + " if (IS_DAX(inode)) { ret = dax_iomap_fault(vmf, pe_size, &xfs_iomap_ops); }",
            "as posted only xfs_file_iomap_begin()'s i_mapdcount check refuses the holder's allocating fault,"
                    + " and the copy-on-write path of a reflinked block runs before that check"),
    /** Block-map changers hold {@code XFS_MMAPLOCK} across {@code xfs_break_layouts()}, as XFS does since 4.19. */
    MMAPLOCK_ACROSS_BREAK("[05]",
            "xfs_break_layouts(): ASSERT(xfs_isilocked(ip, XFS_IOLOCK_SHARED|XFS_IOLOCK_EXCL)); (4.14 callers take"
                    + " XFS_MMAPLOCK_EXCL only after it returns)",
            "between the break and the MMAPLOCK a MAP_DIRECT registration (which takes no I/O lock) can complete,"
                    + " and the block map then changes under its live lease");

    private final String messages;
    private final String postedLine;
    private final String why;

    Repair(String messages, String postedLine, String why) {
        this.messages = messages;
        this.postedLine = postedLine;
        this.why = why;
    }

    /** The seed messages the posted line comes from, as the code cites them ({@code "[04]"}). */
    public String messages() {
        return messages;
    }

    /** The posted line (or lines), quoted. */
    public String postedLine() {
        return postedLine;
    }

    /** What goes wrong as posted, and so why the model departs. */
    public String why() {
        return why;
    }
}
