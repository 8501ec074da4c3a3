package io.mapdirect.fs.mapdirect;

import io.mapdirect.fs.File;
import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.LeaseManagerOperations;
import io.mapdirect.fs.locks.Locks;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.TestFault;
import io.mapdirect.mm.LeaseDirectHandle;
import io.mapdirect.mm.Vma;
import io.mapdirect.sim.DelayedWork;
import io.mapdirect.sim.Site;
import io.mapdirect.sim.Work;
import java.util.List;
import java.util.function.Consumer;

/**
 * lease_direct leases [08] [09] [10]: a layout lease whose break runs the owner's callback (RDMA
 * revokes the device's access) and then unlocks. {@link #mapDirectLease} is the seed's
 * {@code map_direct_lease()}, used as is by device-dax [10]; {@link #leaseDirectChecked} is the
 * MAP_DIRECT variant of [09], made generic as Dave Chinner asks [27] [30]: take the lease first,
 * then refuse with ENXIO if the MAP_DIRECT state is breaking (a lease the core refuses because a
 * break is pending also answers ENXIO).
 *
 * <p>When the policy's revocation timing is {@link Policy.RevokeTiming#AFTER_GRACE} (V8_GRACE,
 * the cover text's promise [35]), the break schedules the callback for lease-break-time later and,
 * like MAP_DIRECT, tells the lease core not to time the lease out, so the breaker cannot proceed
 * before the revocation.
 *
 * @kernel fs/mapdirect.c lease_direct_lm_ops [08]
 */
public final class LeaseDirects implements LeaseManagerOperations {
    private static final Site BROKEN_CHECK = Site.of("lease_direct: is_map_direct_broken(vma->vm_private_data)");

    private final Kernel kernel;
    private final Locks locks;

    public LeaseDirects(Kernel kernel, Locks locks) {
        this.kernel = kernel;
        this.locks = locks;
    }

    /**
     * Mirrors {@code map_direct_lease(vma, lds_break_fn, lds_owner)} [08]: allocates the lease_direct,
     * takes a file reference and sets a layout lease owned by it. On failure the seed's error path
     * frees {@code lds} (the inner object) and keeps the file reference: that is
     * {@link KnownBug#LEASE_ERR_PATH}; fixed, it frees the allocation and drops the file.
     *
     * @kernel fs/mapdirect.c map_direct_lease() [08]
     * @departure fault LEASE_ERR_PATH
     * @departure bookkeeping the list head ld->list (INIT_LIST_HEAD) is the caller's (ib_umem's lease list); the model's umem keeps
     *     its handles in a list of its own, which nothing else reads
     */
    public KResult<LeaseDirectHandle> mapDirectLease(Vma vma, Consumer<Object> breakFn, Object owner) {
        File file = (File) vma.file();
        LeaseDirect ld = kernel.kmem().kzalloc("lease_direct", () -> new LeaseDirect(kernel, this, owner, file, breakFn));
        if (ld == null) {
            return KResult.err(Errno.ENOMEM);
        }
        ld.setWork(newWork(ld));
        file.get();
        FileLock fl = kernel.kmem().kzalloc("locks_alloc_lock", () -> new FileLock(kernel));
        if (fl == null) {
            return errorPath(ld, Errno.ENOMEM.negative());
        }
        fl.init(FileLock.FL_LAYOUT, FileLock.F_RDLCK, ld.leaseOwner(), file, this, kernel.current().pid());
        FileLock[] flp = {fl};
        int rc = locks.vfsSetlease(file, FileLock.F_RDLCK, flp, new Object[] {ld.leaseOwner()});
        if (rc == 0 && flp[0] != null) {
            kernel.warnOn(true, "map_direct_lease: lease already present");
            locks.vfsSetlease(file, FileLock.F_UNLCK, new FileLock[1], new Object[] {ld.leaseOwner()});
            rc = Errno.ENXIO.negative();
        }
        if (rc != 0) {
            kernel.kmem().kfree(flp[0], "map_direct_lease");
            return errorPath(ld, rc);
        }
        kernel.emit(new MapDirectEvents.LeaseDirectTaken(ld.label(), file.inode().ino(), String.valueOf(owner)));
        return KResult.ok(ld);
    }

    private Work newWork(LeaseDirect ld) {
        String name = "lease_direct_invalidate(" + ld.label() + ")";
        if (kernel.policy().revokeTiming() == Policy.RevokeTiming.AFTER_GRACE) {
            return new DelayedWork(kernel.systemWorkqueue(), name, () -> invalidate(ld));
        }
        return new Work(kernel.systemWorkqueue(), name, () -> invalidate(ld));
    }

    private KResult<LeaseDirectHandle> errorPath(LeaseDirect ld, int rc) {
        if (kernel.bug(KnownBug.LEASE_ERR_PATH)) {
            kernel.kmem().kfreeInterior(ld, "lease_direct_state", "map_direct_lease: kfree(lds)");
        } else {
            ld.file().put();
            kernel.kmem().kfree(ld, "map_direct_lease");
        }
        return KResult.errOf(rc);
    }

    /**
     * The MAP_DIRECT {@code ->lease_direct()} [09], generic per [27] [30]: take the lease, then
     * check whether the mapping's state is breaking; if so destroy the new lease and fail with
     * ENXIO, so the holder that will get (or got) SIGIO knows why. With
     * {@link KnownBug#LEASE_DIRECT_CHECK_FIRST} the check runs before the lease is taken, which
     * misses a break that starts in between.
     *
     * @kernel fs/xfs/xfs_file.c xfs_filemap_direct_lease() [09]
     * @departure fault LEASE_DIRECT_CHECK_FIRST
     * @departure repair LEASE_DIRECT_EAGAIN_AS_ENXIO
     * @departure bookkeeping the function lives here, next to map_direct_lease(), and takes the VMA's state as an argument instead of
     *     reading vma->vm_private_data: XFS passes exactly that state, and the steps run in the posted order
     */
    public KResult<LeaseDirectHandle> leaseDirectChecked(Vma vma, MapDirectState mds, Consumer<Object> breakFn,
                                                         Object owner) {
        if (kernel.bug(KnownBug.LEASE_DIRECT_CHECK_FIRST)) {
            kernel.racy(BROKEN_CHECK);
            if (mds.isBroken()) {
                return KResult.err(Errno.ENXIO);
            }
            return breakingAsEnxio(mapDirectLease(vma, breakFn, owner));
        }
        KResult<LeaseDirectHandle> ld = mapDirectLease(vma, breakFn, owner);
        if (ld.isErr()) {
            return breakingAsEnxio(ld);
        }
        kernel.racy(BROKEN_CHECK);
        if (!mds.isBroken()) {
            return ld;
        }
        kernel.probes().hit("lease_direct refused on breaking mapping");
        ld.value().destroy();
        return KResult.err(Errno.ENXIO);
    }

    /**
     * The lease core refuses a new lease while another is being broken (EAGAIN); for the
     * MAP_DIRECT {@code ->lease_direct()} that means the mapping is being invalidated, which [09]
     * promises registration reports as ENXIO (scenario S12). Repaired
     * ({@link Repair#LEASE_DIRECT_EAGAIN_AS_ENXIO}): the helper translates that EAGAIN to ENXIO; the posted
     * {@code xfs_filemap_direct_lease()} returns it as is.
     */
    private KResult<LeaseDirectHandle> breakingAsEnxio(KResult<LeaseDirectHandle> result) {
        if (result.isErr() && result.errno() == Errno.EAGAIN && kernel.repaired(Repair.LEASE_DIRECT_EAGAIN_AS_ENXIO)) {
            kernel.probes().hit("lease_direct refused on breaking mapping");
            return KResult.err(Errno.ENXIO);
        }
        return result;
    }

    /**
     * Mirrors {@code lease_direct_invalidate()} [08]: runs the owner's break callback (the RDMA
     * revocation), records that it returned, then unlocks the lease.
     *
     * @kernel fs/mapdirect.c lease_direct_invalidate() [08]
     */
    void invalidate(LeaseDirect ld) {
        Object owner = ld.owner();
        boolean unlockFirst = kernel.testFault(TestFault.LEASE_DIRECT_UNLOCK_FIRST);
        if (unlockFirst) {
            locks.vfsSetlease(ld.file(), FileLock.F_UNLCK, new FileLock[1], new Object[] {ld.leaseOwner()});
        }
        ld.breakFn().accept(owner);
        kernel.emit(new MapDirectEvents.BreakCallbackReturned(ld.label(), ld.file().inode().ino(), String.valueOf(owner)));
        if (!unlockFirst) {
            locks.vfsSetlease(ld.file(), FileLock.F_UNLCK, new FileLock[1], new Object[] {ld.leaseOwner()});
        }
    }

    /**
     * Mirrors {@code lease_direct_lm_break()} [08]: on the first break, schedules the revocation at
     * once (or after lease-break-time under AFTER_GRACE, with {@code fl_break_time = 0}).
     *
     * @kernel fs/mapdirect.c lease_direct_lm_break() [08]
     * @departure bookkeeping the AFTER_GRACE branch belongs to the V8_GRACE design (the cover text's promise), not to the posted code;
     *     every other design runs the posted schedule_work()
     */
    @Override
    public boolean lmBreak(FileLock fl) {
        LeaseDirect ld = (LeaseDirect) fl.owner();
        if (!ld.testAndSetBreak()) {
            long delayNs = 0;
            if (ld.work() instanceof DelayedWork delayed) {
                delayNs = kernel.leaseBreakTimeNs();
                delayed.schedule(delayNs);
                fl.setBreakTimeNs(0);
            } else {
                ld.work().queue();
            }
            kernel.emit(new MapDirectEvents.LeaseDirectBreakNoticed(ld.label(), fl.file().inode().ino(),
                    String.valueOf(ld.owner()), kernel.nowNs() + delayNs));
        } else if (ld.work() instanceof DelayedWork) {
            fl.setBreakTimeNs(0);
        }
        return false;
    }

    /**
     * Mirrors {@code lease_direct_lm_change()} [08].
     *
     * @kernel fs/mapdirect.c lease_direct_lm_change() [08]
     */
    @Override
    public int lmChange(FileLock fl, int arg, List<FileLock> dispose) {
        kernel.warnOn((arg & FileLock.F_UNLCK) == 0, "lease_direct_lm_change");
        return locks.leaseModify(fl, arg, dispose);
    }

    /** lease_direct leases have no {@code lm_setup}: no fasync, no SIGIO of their own. */
    @Override
    public void lmSetup(FileLock fl, Object[] priv) {
    }

    /**
     * Mirrors {@code map_direct_lease_destroy()} [08]: unlocks the lease (it may be gone already),
     * flushes the revocation work, drops the file reference and frees the allocation.
     *
     * @kernel fs/mapdirect.c map_direct_lease_destroy() [08]
     * @departure bookkeeping WARN_ON(!list_empty(&ld->list)) is not modelled: the model's umem drops its handle before destroying it
     */
    void destroy(LeaseDirect ld) {
        File file = ld.file();
        kernel.emit(new MapDirectEvents.LeaseDirectDestroying(ld.label(), file.inode().ino(), String.valueOf(ld.owner())));
        locks.vfsSetlease(file, FileLock.F_UNLCK, new FileLock[1], new Object[] {ld.leaseOwner()});
        ld.work().flush();
        kernel.emit(new MapDirectEvents.LeaseDirectDestroyed(ld.label(), file.inode().ino(), String.valueOf(ld.owner())));
        file.put();
        kernel.kmem().kfree(ld, "map_direct_lease_destroy");
    }

    @Override
    public String name() {
        return "lease_direct_lm_ops";
    }
}
