package io.mapdirect.fs.mapdirect;

import io.mapdirect.fs.FasyncStruct;
import io.mapdirect.fs.File;
import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.Inode;
import io.mapdirect.fs.LeaseManagerOperations;
import io.mapdirect.fs.locks.Locks;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Oops;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.TestFault;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.Vma;
import io.mapdirect.sim.DelayedWork;
import io.mapdirect.sim.Site;
import java.util.List;

/**
 * The MAP_DIRECT core of {@code fs/mapdirect.c} [04]: registering a mapping's state with an
 * {@code FL_LAYOUT} lease, the VMA reference count, the lease callbacks and the delayed
 * invalidation that runs when the holder does not unmap within lease-break-time.
 *
 * <p>Where the posted code is wrong and the thread did not name it, the model runs a repaired line
 * by default and the posted one when the {@link Repair} is reverted (the {@code *_POSTED}
 * variants revert them all): {@link Repair#MDS_REF_PER_HOLDER}, {@link Repair#MAPDCOUNT_WITH_LEASE},
 * {@link Repair#PUT_VMA_READS_STATE}, {@link Repair#SIGIO_BEFORE_INVALIDATE_WORK},
 * {@link Repair#INVALIDATE_FLUSHES_FAULTS} and {@link Repair#INVALIDATE_ZAPS_EVERY_VMA}. The unlock
 * through the cleared VMA pointer is the known bug {@link KnownBug#INVALIDATE_AFTER_VMA_CLOSE}.
 *
 * @kernel fs/mapdirect.c map_direct_lm_ops [04]
 */
public final class MapDirect implements LeaseManagerOperations {
    private static final Site MDS_VMA_READ = Site.of("map_direct_invalidate: ACCESS_ONCE(mds->mds_vma)");
    private static final Site AFTER_SETLEASE = Site.of("map_direct_register: after vfs_setlease");

    private final Kernel kernel;
    private final Locks locks;

    public MapDirect(Kernel kernel, Locks locks) {
        this.kernel = kernel;
        this.locks = locks;
    }

    public Kernel kernel() {
        return kernel;
    }

    public Locks locks() {
        return locks;
    }

    /**
     * Mirrors {@code map_direct_register(fd, vma)} [04]: allocates the state (VALID, one VMA
     * reference), a fasync entry for {@code fd} [02] and a layout lease owned by the state, sets the
     * lease ({@code EACCES} unless the caller owns the file or has CAP_LEASE), and raises
     * {@code i_mapdcount} [03]: as posted after {@code vfs_setlease()} returns, repaired while the
     * lease is inserted (see {@link #lmSetup}). Every allocation can fail (-ENOMEM) and every failure
     * unwinds.
     *
     * @kernel fs/mapdirect.c map_direct_register() [04]
     * @departure repair MAPDCOUNT_WITH_LEASE
     * @departure bookkeeping no ihold()/iput() of the inode: the model's inodes live as long as the
     *     world, so the reference cannot change what a task observes
     */
    public KResult<MapDirectState> register(int fd, Vma vma) {
        File file = (File) vma.file();
        Inode inode = file.inode();
        MapDirectState mds = kernel.kmem().kzalloc("map_direct_state",
                () -> new MapDirectState(kernel, inode, file, vma));
        if (mds == null) {
            return KResult.err(Errno.ENOMEM);
        }
        mds.setWork(new DelayedWork(kernel.systemWorkqueue(), "map_direct_invalidate(" + mds.label() + ")",
                () -> invalidate(mds)));
        FasyncStruct fa = kernel.kmem().kzalloc("fasync_alloc", () -> new FasyncStruct(kernel, fd, file));
        if (fa == null) {
            kernel.kmem().kfree(mds, "map_direct_register");
            return KResult.err(Errno.ENOMEM);
        }
        mds.setFasync(fa);
        FileLock fl = kernel.kmem().kzalloc("locks_alloc_lock", () -> new FileLock(kernel));
        if (fl == null) {
            kernel.kmem().kfree(fa, "map_direct_register");
            kernel.kmem().kfree(mds, "map_direct_register");
            return KResult.err(Errno.ENOMEM);
        }
        fl.init(FileLock.FL_LAYOUT, FileLock.F_RDLCK, mds, file, this, kernel.current().pid());
        mds.refInc();
        kernel.emit(new MapDirectEvents.Registering(mds.label(), inode.ino(), kernel.current().pid(), fd));
        return setLayoutLease(mds, fl, fa, file, inode, vma, fd);
    }

    private KResult<MapDirectState> setLayoutLease(MapDirectState mds, FileLock fl, FasyncStruct fa, File file,
                                                   Inode inode, Vma vma, int fd) {
        FileLock[] flp = {fl};
        Object[] priv = {mds};
        int rc = locks.vfsSetlease(file, FileLock.F_RDLCK, flp, priv);
        if (rc == 0 && flp[0] != null) {
            kernel.warnOn(true, "map_direct_register: lease already present");
            locks.vfsSetlease(file, FileLock.F_UNLCK, new FileLock[1], new Object[] {mds});
            priv[0] = null;
            rc = Errno.ENXIO.negative();
        }
        if (rc != 0) {
            kernel.kmem().kfree(flp[0], "map_direct_register");
            if (priv[0] != null) {
                kernel.kmem().kfree(fa, "map_direct_register");
            }
            kernel.kmem().kfree(mds, "map_direct_register");
            return KResult.errOf(rc);
        }
        if (!kernel.repaired(Repair.MAPDCOUNT_WITH_LEASE)) {
            // The window between the lease's insertion and the count: a yield point only where the
            // posted order has the window, so that repaired schedules stay as they were.
            kernel.racy(AFTER_SETLEASE);
            inode.mapdcountInc();
        }
        kernel.emit(new MapDirectEvents.Registered(mds.label(), inode.ino(), vma.label(), kernel.current().pid(), fd));
        return KResult.ok(mds);
    }

    /**
     * Mirrors {@code get_map_direct_vma()} [04]: a VMA was duplicated (split or fork).
     *
     * @kernel fs/mapdirect.c get_map_direct_vma() [04]
     */
    public void getVma(MapDirectState mds) {
        mds.vmarefInc();
    }

    /**
     * Mirrors {@code put_map_direct_vma()} [04]: on the last VMA, clears {@code mds_vma}, sets BREAK
     * (so registrations now fail with ENXIO), unlocks the lease and flushes a pending invalidation
     * (which runs at once if its timer was armed). Returns 1 when it was the last VMA. As posted it
     * reads {@code mds->mds_vma->vm_file} first, on every close, whichever VMA is closing: after a
     * split or a fork the VMA {@code mds_vma} points to may already be freed.
     *
     * @kernel fs/mapdirect.c put_map_direct_vma() [04]
     * @departure repair PUT_VMA_READS_STATE
     * @departure bookkeeping no iput(inode) (see map_direct_register)
     */
    public int putVma(MapDirectState mds) {
        File file = kernel.repaired(Repair.PUT_VMA_READS_STATE) ? mds.file() : fileOfMdsVma(mds, "put_map_direct_vma");
        if (!mds.vmarefDecAndTest()) {
            return 0;
        }
        kernel.emit(new MapDirectEvents.LastVmaClosed(mds.label(), mds.inode().ino()));
        mds.clearVma();
        mds.setBreak();
        locks.vfsSetlease(file, FileLock.F_UNLCK, new FileLock[1], new Object[] {mds});
        mds.work().flush();
        putState(mds);
        return 1;
    }

    /** {@code mds->mds_vma->vm_file}: a NULL dereference or a use after free when the VMA is gone. */
    private static File fileOfMdsVma(MapDirectState mds, String where) {
        Vma vma = mds.vma();
        Oops.deref(vma, where, "mds->mds_vma of " + mds.label());
        vma.use(where + ": vma->vm_file");
        return (File) vma.file();
    }

    /**
     * Mirrors {@code put_map_direct()} [04].
     *
     * @kernel fs/mapdirect.c put_map_direct() [04]
     */
    void putState(MapDirectState mds) {
        if (mds.refDecAndTest()) {
            kernel.kmem().kfree(mds, "put_map_direct");
        }
    }

    /**
     * Mirrors {@code map_direct_invalidate()} [04], the delayed work run lease-break-time after the
     * break began (or at once by the last VMA's flush): clears VALID, zaps the PTEs of
     * {@code mds_vma}'s range, unlocks the lease through {@code mds_vma->vm_file} and drops a
     * reference. Repaired: flushes in-flight faults before the zap, zaps every VMA sharing the state
     * and drops the work's own reference; the unlock goes through the state's file unless
     * {@link KnownBug#INVALIDATE_AFTER_VMA_CLOSE} puts back the posted dereference, which oopses
     * once the last VMA closed and cleared the pointer.
     *
     * @kernel fs/mapdirect.c map_direct_invalidate() [04]
     * @departure repair INVALIDATE_FLUSHES_FAULTS
     * @departure repair INVALIDATE_ZAPS_EVERY_VMA
     * @departure fault INVALIDATE_AFTER_VMA_CLOSE
     */
    void invalidate(MapDirectState mds) {
        mds.clearValid();
        kernel.racy(MDS_VMA_READ);
        Vma vma = mds.vma();
        Inode inode = mds.inode();
        if (kernel.repaired(Repair.INVALIDATE_FLUSHES_FAULTS)) {
            mds.faultFlush().run();
        }
        int zapped;
        if (kernel.repaired(Repair.INVALIDATE_ZAPS_EVERY_VMA)) {
            zapped = zapSharingVmas(mds);
        } else {
            zapped = 0;
            if (vma != null) {
                vma.use("map_direct_invalidate: vma->vm_end");
                zapped = zapVma(vma);
            }
        }
        File unlockFile = kernel.bug(KnownBug.INVALIDATE_AFTER_VMA_CLOSE) ? fileOfMdsVma(mds, "map_direct_invalidate")
                : mds.file();
        kernel.emit(new MapDirectEvents.Invalidated(mds.label(), inode.ino(), zapped));
        kernel.probes().hit("MAP_DIRECT invalidated by timeout");
        locks.vfsSetlease(unlockFile, FileLock.F_UNLCK, new FileLock[1], new Object[] {mds});
        putState(mds);
    }

    /** {@code unmap_mapping_range(inode->i_mapping, vma->vm_pgoff * PAGE_SIZE, vma->vm_end - vma->vm_start, 1)}. */
    private int zapVma(Vma vma) {
        vma.file().mapping().unmapMappingRange(vma.pgoff() * Mm.PAGE_SIZE, vma.end() - vma.start());
        return 1;
    }

    private int zapSharingVmas(MapDirectState mds) {
        int zapped = 0;
        for (Vma vma : mds.inode().mapping().vmas()) {
            if (vma.privateData() == mds) {
                zapped += zapVma(vma);
            }
        }
        return zapped;
    }

    /**
     * Mirrors {@code map_direct_lm_break()} [04]: on the first break, schedules the invalidation for
     * lease-break-time from now and sends SIGIO on the mapping's fd; tells the lease core not to time
     * the lease out ({@code fl_break_time = 0}). Repaired, the holder is signalled before the work is
     * scheduled (with a lease-break-time of 0 the posted order lets the invalidation run first) and
     * the work holds a reference of its own.
     *
     * @kernel fs/mapdirect.c map_direct_lm_break() [04]
     * @departure repair SIGIO_BEFORE_INVALIDATE_WORK
     * @departure repair MDS_REF_PER_HOLDER
     */
    @Override
    public boolean lmBreak(FileLock fl) {
        MapDirectState mds = (MapDirectState) fl.owner();
        if (!mds.testAndSetBreak()) {
            if (kernel.repaired(Repair.MDS_REF_PER_HOLDER)) {
                mds.refInc();
            }
            mds.setWorkScheduled(true);
            long delayNs = kernel.testFault(TestFault.MAP_DIRECT_INVALIDATE_AT_ONCE) ? 0 : kernel.leaseBreakTimeNs();
            kernel.emit(new MapDirectEvents.BreakNoticed(mds.label(), mds.inode().ino(), kernel.nowNs() + delayNs));
            boolean signals = !kernel.testFault(TestFault.MAP_DIRECT_BREAK_NO_SIGIO);
            if (kernel.repaired(Repair.SIGIO_BEFORE_INVALIDATE_WORK)) {
                if (signals) {
                    FasyncStruct.killFasync(kernel, fl.fasync(), mds.inode().ino(), fl.label());
                }
                mds.work().schedule(delayNs);
            } else {
                mds.work().schedule(delayNs);
                if (signals) {
                    FasyncStruct.killFasync(kernel, fl.fasync(), mds.inode().ino(), fl.label());
                }
            }
        }
        fl.setBreakTimeNs(0);
        return false;
    }

    /**
     * Mirrors {@code map_direct_lm_change()} [04]: {@code WARN_ON(!(arg & F_UNLCK))}, drops
     * {@code i_mapdcount} and lets {@code lease_modify()} remove the lease; repaired, it then drops
     * the reference the lease held (as posted nothing does unless an invalidation ran).
     *
     * @kernel fs/mapdirect.c map_direct_lm_change() [04]
     * @departure repair MDS_REF_PER_HOLDER
     */
    @Override
    public int lmChange(FileLock fl, int arg, List<FileLock> dispose) {
        MapDirectState mds = (MapDirectState) fl.owner();
        kernel.warnOn((arg & FileLock.F_UNLCK) == 0, "map_direct_lm_change");
        mds.inode().mapdcountDec();
        int rc = locks.leaseModify(fl, arg, dispose);
        if (kernel.repaired(Repair.MDS_REF_PER_HOLDER)) {
            putState(mds);
        }
        return rc;
    }

    /**
     * Mirrors {@code map_direct_lm_setup()} [04]: hangs the state's fasync entry off the lease and
     * sets the file's owner. Repaired, it also raises {@code i_mapdcount} [03] here, while the lease
     * is being inserted under {@code flc_lock}; as posted {@code map_direct_register()} raises it
     * after {@code vfs_setlease()} returns, and a break in between whose invalidation runs at once
     * (lease-break-time 0) decrements the count before it was incremented (the {@code BUG_ON} of
     * {@code i_mapdcount_dec()}).
     *
     * @kernel fs/mapdirect.c map_direct_lm_setup() [04]
     * @departure repair MAPDCOUNT_WITH_LEASE
     */
    @Override
    public void lmSetup(FileLock fl, Object[] priv) {
        MapDirectState mds = (MapDirectState) priv[0];
        if (fl.fasync() == null) {
            fl.setFasync(mds.fasync());
            priv[0] = null;
        }
        fl.file().setOwner(kernel.current().signalTarget());
        if (kernel.repaired(Repair.MAPDCOUNT_WITH_LEASE)) {
            mds.inode().mapdcountInc();
        }
    }

    @Override
    public String name() {
        return "map_direct_lm_ops";
    }
}
