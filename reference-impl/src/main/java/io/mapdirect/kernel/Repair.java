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
    /** {@code i_mapdcount} is raised while the lease is inserted, under the lease lock. */
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
                    + " and the block map then changes under its live lease"),

    // audit-b
    /** v8's break passes {@code iommu_unmap()} the range's size in bytes, not its page count. */
    V8_BREAK_UNMAP_SIZE_IN_BYTES("[21] [22]",
            "ib_umem_lease_break(): iommu_unmap(umem->iommu, sg_dma_address(sgl) & PAGE_MASK,"
                    + " iommu_sg_num_pages(dev, sgl, umem->npages));",
            "iommu_unmap() takes a size in bytes and iommu_sg_num_pages() returns pages: the size is not a multiple"
                    + " of the IOMMU page size, so __iommu_unmap() logs 'unaligned' and returns -EINVAL having"
                    + " unmapped nothing; the break revokes nothing and the device keeps writing into the blocks the"
                    + " breaker is about to free"),
    /** v8's break counts the range's pages without rewriting the entries' {@code dma_address}. */
    V8_BREAK_KEEPS_SG_DMA_ADDRESS("[21] [22]",
            "ib_umem_lease_break(): iommu_unmap(umem->iommu, sg_dma_address(sgl) & PAGE_MASK,"
                    + " iommu_sg_num_pages(dev, sgl, umem->npages));",
            "iommu_sg_num_pages() is map_sg()'s layout helper: it writes s->dma_address = npages << PAGE_SHIFT into"
                    + " every entry, so after a break the first entry's DMA address is 0 and __ib_umem_release()'s"
                    + " ib_dma_unmap_sg() unmaps and frees an IOVA range at 0 that was never allocated, while the MR's"
                    + " own range stays allocated and mapped (C leaves the order of the two arguments unspecified;"
                    + " the reverted line reads sg_dma_address(sgl) first, the order that unmaps the right range)"),
    /** A registration that fails part way through a chunk unpins the chunk's pages after the failing one. */
    UMEM_GET_UNPINS_CHUNK_REST("[11] [22]",
            "ib_umem_get(): sg_set_page(sg, page_list[i], PAGE_SIZE, 0); umem->npages++; ... if (!vm_ops->lease_direct)"
                    + " { ... ret = -EOPNOTSUPP; goto out; } (likewise the iommu check and a failed lease_direct)",
            "get_user_pages() pinned the whole chunk but umem->npages counts only the entries up to the failing"
                    + " one, and __ib_umem_release() puts umem->npages pages: the rest stay pinned for ever (a"
                    + " registration over an ordinary DAX mapping, refused with EOPNOTSUPP, leaks all but its first"
                    + " page's pin)"),
    /** A lease that breaks during the registration fails it with ENXIO instead of leaving a mapping nobody revokes. */
    UMEM_BREAK_DURING_REG_REFUSES("[11] [22]",
            "ib_umem_lease_break(): if (umem->nmap > 0 && test_and_clear_bit(IB_UMEM_MAPPED, &umem->state)) ... (v7) /"
                    + " iommu_unmap(umem->iommu, sg_dma_address(sgl) & PAGE_MASK, ...) (v8); ib_umem_get(): ... umem->nmap ="
                    + " ib_dma_map_sg_attrs(...); ... return umem;",
            "a lease that breaks before ib_umem_get() reaches dma_map_sg() has nothing mapped to revoke (v7 tests"
                    + " nmap, v8 unmaps at an unset DMA address); the mapping made afterwards is never revoked and the"
                    + " registration succeeds on a lease that is already broken"),
    /** v8's release, like v7's, unmaps the sg list only if the MAPPED bit says a break did not already. */
    V8_RELEASE_TESTS_MAPPED_BIT("[22]",
            "__ib_umem_release(): if (umem->nmap > 0) ib_dma_unmap_sg(dev, umem->sg_head.sgl, umem->npages,"
                    + " DMA_BIDIRECTIONAL);",
            "v8 dropped v7's IB_UMEM_MAPPED bit, which is right only while no break unmaps the sg list itself: with"
                    + " v7's dma_unmap_sg() at break (fault V7_UNMAP_AT_BREAK on v8) the release unmaps and frees the"
                    + " IOVA range a second time"),
    /** amd-iommu's {@code map_sg()} unwinds every page it mapped when a later page fails. */
    AMD_MAP_SG_UNWINDS_ALL("[21]",
            "map_sg() (amd_iommu.c, 4.14, the caller of the sg_num_pages() [21] up-levels): out_unmap: for_each_sg(...)"
                    + " { ... iommu_unmap_page(domain, bus_addr, PAGE_SIZE); if (--mapped_pages) goto out_free_iova; }",
            "not a line of the series but of the driver under it: the unwind stops after the first page whenever"
                    + " more than one was mapped, so the other pages keep their PTEs (the device still reaches the"
                    + " blocks) while their IOVA is freed, and the next mapping that reuses the IOVA fails with -EBUSY"),
    /** On an Intel IOMMU the domain v8's helper returns takes {@code iommu_unmap()}. */
    INTEL_DMA_DOMAIN_TAKES_IOMMU_API("[20] [22]",
            "intel_dma_get_iommu(): domain = get_valid_domain_for_dev(dev); ... return &domain->domain;"
                    + " / ib_umem_lease_break(): iommu_unmap(umem->iommu, ...);",
            "in 4.14 intel-iommu's DMA-API dmar_domain is allocated by get_domain_for_dev() (alloc_domain(0)),"
                    + " not by iommu_domain_alloc() (intel_iommu_domain_alloc() makes IOMMU_DOMAIN_UNMANAGED"
                    + " domains only): its embedded iommu_domain has no ops and no pgsize_bitmap, so the break's"
                    + " iommu_unmap() reads ops->unmap through a NULL pointer (an oops at every lease break of a"
                    + " DAX MR on VT-d), and would unmap nothing if it did not"),
    // audit-a
    /**
     * Unlocking a layout lease leaves the file's SIGIO owner alone; only an fcntl lease's unlock clears
     * it ({@code f_delown()}).
     */
    DELOWN_FCNTL_UNLOCK_ONLY("(4.14) [04] [08]",
            "lease_modify() (fs/locks.c, reached from map_direct_lm_change() and lease_direct_lm_change()):"
                    + " if (arg == F_UNLCK) { struct file *filp = fl->fl_file; f_delown(filp); filp->f_owner.signum = 0; ...",
            "every lease of an open file shares the file's one SIGIO owner, which map_direct_lm_setup() set: as"
                    + " posted, unlocking any other lease of that file (a deregistered MR's lease_direct lease, a second"
                    + " MAP_DIRECT mapping's lease) clears it, and the next break of the MAP_DIRECT lease signals nobody"),
    /** The MAP_DIRECT {@code ->lease_direct()} reports the lease core's EAGAIN (a break is pending) as ENXIO. */
    LEASE_DIRECT_EAGAIN_AS_ENXIO("(4.14) [09]",
            "xfs_filemap_direct_lease(): ld = map_direct_lease(vma, break_fn, owner); if (IS_ERR(ld)) return ld;",
            "while the MAP_DIRECT lease is being broken generic_add_lease() refuses the new lease with EAGAIN"
                    + " (FL_UNLOCK_PENDING), before the is_map_direct_broken() test is reached: ibv_reg_mr() fails with"
                    + " EAGAIN, which invites a retry, where [09] promises a registration on a breaking mapping fails (ENXIO)"),
    /** Device-dax inodes accept layout leases, so that [10]'s {@code ->lease_direct = map_direct_lease} can work. */
    DEVDAX_ACCEPTS_LAYOUT_LEASES("(4.14) [10]",
            "generic_setlease() (fs/locks.c, reached from map_direct_lease() through dax_vm_ops.lease_direct):"
                    + " if (!S_ISREG(inode->i_mode)) return -EINVAL;",
            "a device-dax file is a character device: as posted every RDMA registration of device-dax memory fails"
                    + " with EINVAL, and [10] cannot work at all (and were the lease accepted, it would sit on the /dev node's"
                    + " inode while kill_dev_dax() breaks dax_inode(dax_dev), another inode; the model has one inode)."
                    + " No invariant fires as posted: a refused registration is safe, so there is no witness pair"),
    /** A device-dax {@code ->lease_direct()} refuses (ENXIO) once the device is dead, as [09] does for MAP_DIRECT. */
    DEVDAX_LEASE_CHECKS_ALIVE("[10]",
            "dax_vm_ops: .lease_direct = map_direct_lease, (no dax_alive() test after the lease is taken)",
            "a registration that pinned its pages before kill_dev_dax() and takes its lease after the shutdown broke"
                    + " the layouts keeps an MR over a range that then goes to its next owner"),
    /** The downgrade deadline is cleared with the downgrade-pending bit. */
    DOWNGRADE_DEADLINE_CLEARED("(4.14)",
            "lease_clear_pending() (fs/locks.c): case F_RDLCK: fl->fl_flags &= ~FL_DOWNGRADE_PENDING;"
                    + " (fl_downgrade_time stays set)",
            "an fcntl write lease downgraded on a break and later upgraded again is downgraded by time_out_leases()"
                    + " once the stale deadline passes. Only fcntl leases are ever downgraded (MAP_DIRECT and lease_direct"
                    + " leases are read leases), and no invariant judges fcntl leases: there is no witness pair"),
    /** A breaker sleeps on the first lease that conflicts with it, not on the first lease of the list. */
    BREAKER_SLEEPS_ON_CONFLICTING("(4.14) [04]",
            "__break_lease() (fs/locks.c): fl = list_first_entry(&ctx->flc_lease, struct file_lock, fl_list);"
                    + " break_time = fl->fl_break_time; ... locks_insert_block(fl, new_fl);",
            "a layout breaker whose inode also has an fcntl lease listed first sleeps on that lease: the removal of"
                    + " the MAP_DIRECT lease it waits for does not wake it, and it sleeps until the fcntl lease changes or"
                    + " its own deadline (at most lease-break-time) passes, or a jiffy when that lease has no deadline."
                    + " The breaker still resumes within lease-break-time (BREAK_BOUNDED holds either way), so no invariant"
                    + " tells the two apart: there is no witness pair"),
    /** A breaker that wakes to find a conflicting lease it has not broken yet breaks it too. */
    BREAKER_BREAKS_NEW_LEASES("(4.14) [04]",
            "__break_lease() (fs/locks.c): if (any_leases_conflict(inode, new_fl)) goto restart; (restart: is past the"
                    + " lm_break() loop: a lease added while the breaker slept is waited for, never broken)",
            "a MAP_DIRECT holder that unmaps on SIGIO and maps again before the woken breaker runs has a new lease"
                    + " the breaker never breaks: no SIGIO, no invalidation, no deadline (4.14 polls it every jiffy),"
                    + " so the truncate waits until the holder happens to unmap again");

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
