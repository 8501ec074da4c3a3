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
 * <p>Two places differ from the seed as posted because the seed is wrong there and spec §5 does not
 * list the error as an injectable fault; the fixed behaviour is what a correct design needs:
 * the state's second reference (held for the lease) is dropped when the lease is unlocked, where
 * the seed drops it only at the end of an invalidation and so leaks the state of every mapping
 * unmapped without a break; and the invalidation zaps every VMA sharing the state, where the seed
 * zaps only {@code mds_vma}'s range, which after a split covers part of the mapping; and the
 * invalidation flushes in-flight faults (the filesystem's fault lock, taken and dropped) between
 * clearing VALID and zapping, so that a fault that saw VALID cannot install its PTE after the zap
 * (the seed takes no lock there). The seed's
 * unlock through the cleared VMA pointer is the injectable fault
 * {@link KnownBug#INVALIDATE_AFTER_VMA_CLOSE}.
 */
public final class MapDirect implements LeaseManagerOperations {
    private static final Site MDS_VMA_READ = Site.of("map_direct_invalidate: ACCESS_ONCE(mds->mds_vma)");

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
     * lease ({@code EACCES} unless the caller owns the file or has CAP_LEASE), which raises
     * {@code i_mapdcount} [03] as it is inserted (see {@link #lmSetup}). Every allocation can fail
     * (-ENOMEM) and every failure unwinds.
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
        kernel.emit(new MapDirectEvents.Registered(mds.label(), inode.ino(), vma.label(), kernel.current().pid(), fd));
        return KResult.ok(mds);
    }

    /** Mirrors {@code get_map_direct_vma()} [04]: a VMA was duplicated (split or fork). */
    public void getVma(MapDirectState mds) {
        mds.vmarefInc();
    }

    /**
     * Mirrors {@code put_map_direct_vma()} [04]: on the last VMA, clears {@code mds_vma}, sets BREAK
     * (so registrations now fail with ENXIO), unlocks the lease and flushes a pending invalidation
     * (which runs at once if its timer was armed). Returns 1 when it was the last VMA.
     */
    public int putVma(MapDirectState mds) {
        File file = mds.file();
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

    /** Mirrors {@code put_map_direct()} [04]. */
    void putState(MapDirectState mds) {
        if (mds.refDecAndTest()) {
            kernel.kmem().kfree(mds, "put_map_direct");
        }
    }

    /**
     * Mirrors {@code map_direct_invalidate()} [04], the delayed work run lease-break-time after the
     * break began (or at once by the last VMA's flush): clears VALID, flushes in-flight faults, zaps
     * the PTEs of every VMA sharing the state,
     * unlocks the lease and drops the work's reference. With
     * {@link KnownBug#INVALIDATE_AFTER_VMA_CLOSE} it unlocks through {@code mds_vma->vm_file} as
     * posted, which oopses when the last VMA already closed and cleared the pointer.
     */
    void invalidate(MapDirectState mds) {
        mds.clearValid();
        kernel.racy(MDS_VMA_READ);
        Vma vma = mds.vma();
        Inode inode = mds.inode();
        int zapped;
        File unlockFile;
        if (kernel.bug(KnownBug.INVALIDATE_AFTER_VMA_CLOSE)) {
            zapped = vma == null ? 0 : zapVma(vma);
            unlockFile = (File) Oops.deref(vma, "map_direct_invalidate", "mds->mds_vma of " + mds.label()).file();
        } else {
            mds.faultFlush().run();
            zapped = zapSharingVmas(mds);
            unlockFile = mds.file();
        }
        kernel.emit(new MapDirectEvents.Invalidated(mds.label(), inode.ino(), zapped));
        kernel.probes().hit("MAP_DIRECT invalidated by timeout");
        locks.vfsSetlease(unlockFile, FileLock.F_UNLCK, new FileLock[1], new Object[] {mds});
        putState(mds);
    }

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
     * Mirrors {@code map_direct_lm_break()} [04]: on the first break, sends SIGIO on the mapping's fd
     * and schedules the invalidation for lease-break-time from now; tells the lease core not to time
     * the lease out ({@code fl_break_time = 0}). The work holds a reference of its own. The seed
     * schedules the work first and signals second: with a lease-break-time of 0 the invalidation can
     * then run before the holder is signalled (SIGIO_ON_BREAK); the model signals first.
     */
    @Override
    public boolean lmBreak(FileLock fl) {
        MapDirectState mds = (MapDirectState) fl.owner();
        if (!mds.testAndSetBreak()) {
            mds.refInc();
            mds.setWorkScheduled(true);
            long delayNs = kernel.leaseBreakTimeNs();
            kernel.emit(new MapDirectEvents.BreakNoticed(mds.label(), mds.inode().ino(), kernel.nowNs() + delayNs));
            FasyncStruct.killFasync(kernel, fl.fasync(), mds.inode().ino(), fl.label());
            mds.work().schedule(delayNs);
        }
        fl.setBreakTimeNs(0);
        return false;
    }

    /**
     * Mirrors {@code map_direct_lm_change()} [04]: {@code WARN_ON(!(arg & F_UNLCK))}, drops
     * {@code i_mapdcount} and lets {@code lease_modify()} remove the lease; then (fixed) drops the
     * reference the lease held.
     */
    @Override
    public int lmChange(FileLock fl, int arg, List<FileLock> dispose) {
        MapDirectState mds = (MapDirectState) fl.owner();
        kernel.warnOn((arg & FileLock.F_UNLCK) == 0, "map_direct_lm_change");
        mds.inode().mapdcountDec();
        int rc = locks.leaseModify(fl, arg, dispose);
        putState(mds);
        return rc;
    }

    /**
     * Mirrors {@code map_direct_lm_setup()} [04]: hangs the state's fasync entry off the lease and
     * sets the file's owner; and (moved here from the end of {@code map_direct_register()}) raises
     * {@code i_mapdcount} [03] while the lease is being inserted under {@code flc_lock}. The seed
     * raises it after {@code vfs_setlease()} returns: a break in between whose invalidation runs at
     * once (lease-break-time 0) unlocks the lease and decrements the count before it was
     * incremented, the {@code BUG_ON} of {@code i_mapdcount_dec()}; and the count and the leases
     * disagree for a moment. Here they change together, under the lease lock.
     */
    @Override
    public void lmSetup(FileLock fl, Object[] priv) {
        MapDirectState mds = (MapDirectState) priv[0];
        if (fl.fasync() == null) {
            fl.setFasync(mds.fasync());
            priv[0] = null;
        }
        fl.file().setOwner(kernel.current().signalTarget());
        mds.inode().mapdcountInc();
    }

    @Override
    public String name() {
        return "map_direct_lm_ops";
    }
}
