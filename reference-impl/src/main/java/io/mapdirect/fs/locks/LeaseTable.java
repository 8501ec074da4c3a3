package io.mapdirect.fs.locks;

import io.mapdirect.fs.File;
import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.FileLockContext;
import io.mapdirect.fs.Inode;
import io.mapdirect.kernel.Capability;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.TestFault;
import java.util.ArrayList;
import java.util.List;

/**
 * The lease list side of {@code fs/locks.c}: {@code generic_setlease}, adding, deleting,
 * modifying and timing out leases. Every function documents the kernel function it mirrors; where
 * the model departs from Linux 4.14 it says why.
 */
public final class LeaseTable {
    private final Kernel kernel;

    public LeaseTable(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Mirrors {@code vfs_setlease()} → {@code generic_setlease()}: only the file's owner (by fsuid)
     * or a CAP_LEASE holder may set or remove leases (EACCES, which MAP_DIRECT relies on [06]); only
     * regular files (EINVAL). {@code flp[0]} is set to null when the new lease was inserted.
     *
     * @kernel fs/locks.c vfs_setlease()
     * @kernel fs/locks.c generic_setlease()
     * @departure repair DEVDAX_ACCEPTS_LAYOUT_LEASES
     * @departure bookkeeping no filesystem of the model has its own ->setlease (neither XFS nor device-dax has one in 4.14), and no
     *     LSM is loaded, so security_file_lock() answers 0 as it does without one
     */
    public int vfsSetlease(File filp, int arg, FileLock[] flp, Object[] priv) {
        Inode inode = filp.inode();
        Creds creds = kernel.current().creds();
        int callerUid = kernel.testFault(TestFault.SETLEASE_CHECKS_UID) ? creds.uid() : creds.fsuid();
        if (callerUid != inode.uid() && !creds.capable(Capability.CAP_LEASE)) {
            return Errno.EACCES.negative();
        }
        boolean layout = flp[0] != null ? flp[0].isLayout() : inode.acceptsLayoutLeases();
        boolean layoutAccepted = layout && inode.acceptsLayoutLeases() && kernel.repaired(Repair.DEVDAX_ACCEPTS_LAYOUT_LEASES);
        if (!inode.isRegular() && !layoutAccepted) {
            return Errno.EINVAL.negative();
        }
        return switch (arg) {
            case FileLock.F_UNLCK -> genericDeleteLease(filp, priv[0]);
            case FileLock.F_RDLCK, FileLock.F_WRLCK -> genericAddLease(filp, arg, flp, priv);
            default -> Errno.EINVAL.negative();
        };
    }

    /**
     * Mirrors {@code generic_add_lease()}: times out expired leases, checks for conflicting opens,
     * refuses an exclusive lease while anybody else holds one and any new lease while another is
     * being broken (EAGAIN), modifies the caller's own lease if it has one, else inserts the new
     * lease and calls its {@code lm_setup}. Refusing new leases during a break is what bounds a
     * breaker's wait (BREAK_BOUNDED): nobody can keep renewing the conflict. A modified lease gets
     * its {@code lm_setup} again, as in 4.14 ({@code goto out_setup}). For the layout-lease RFC: the owner's own lease of the other kind (layout or not) is EINVAL, not changed.
     *
     * @kernel fs/locks.c generic_add_lease()
     * @departure bookkeeping the layout-lease RFC's rule (the owner's own lease of the other kind is EINVAL) cannot be reached in
     *     the posted designs: there only fcntl leases are owned by their file, and none of them is a layout lease
     * @departure bookkeeping no second check_conflicting_open() after the insertion: 4.14 checks again because break_lease()'s look
     *     at the list takes no lock; in the model no task runs between the check and the insertion (no scheduling
     *     point between them), so no open can slip in
     * @departure bookkeeping the lock context always exists (locks_get_lock_context() cannot fail) and leases are always enabled
     *     (sys_leases_enable 1); nfsd delegations (FL_DELEG) do not exist in the model
     */
    int genericAddLease(File filp, int arg, FileLock[] flp, Object[] priv) {
        FileLock lease = flp[0];
        Inode inode = filp.inode();
        FileLockContext ctx = inode.flctx();
        List<FileLock> dispose = new ArrayList<>();
        ctx.flcLock().lock();
        try {
            timeOutLeases(inode, dispose);
            int error = checkConflictingOpen(inode, filp, arg, lease.flags());
            if (error != 0) {
                return error;
            }
            FileLock mine = null;
            for (FileLock fl : ctx.leases()) {
                if (fl.file() == filp && fl.owner() == lease.owner()) {
                    mine = fl;
                    continue;
                }
                if (arg == FileLock.F_WRLCK) {
                    return Errno.EAGAIN.negative();
                }
                if ((fl.flags() & FileLock.FL_UNLOCK_PENDING) != 0) {
                    return Errno.EAGAIN.negative();
                }
            }
            if (mine != null && mine.isLayout() != lease.isLayout()) {
                return Errno.EINVAL.negative();
            }
            if (mine != null) {
                int changed = mine.lmops().lmChange(mine, arg, dispose);
                if (changed == 0 && mine.lmops() != null) {
                    mine.lmops().lmSetup(mine, priv);
                }
                return changed;
            }
            ctx.leases().add(lease);
            flp[0] = null;
            kernel.emit(new LeaseEvents.LeaseAdded(inode.ino(), lease.label(), FileLock.typeName(arg), lease.isLayout(),
                    String.valueOf(lease.owner())));
            if (lease.lmops() != null) {
                lease.lmops().lmSetup(lease, priv);
            }
            return 0;
        } finally {
            ctx.flcLock().unlock();
            disposeList(dispose);
        }
    }

    /**
     * Mirrors {@code check_conflicting_open()} of 6.x: layouts never conflict with opens; a read lease
     * needs no writer ({@code i_writecount}); a write lease needs the reader and writer counts to be the
     * requester's own (its file counts once, as a writer if it can write, else as a reader). Counting, not
     * the list of open files, is what 6.x does: an open sleeping in its lease break and a truncate holding
     * write access count too (found by the live-kernel oracle).
     *
     * @kernel fs/locks.c check_conflicting_open()
     * @departure bookkeeping 4.14 refuses a write lease when d_count(dentry) > 1 or i_count > 1, 6.x (and the model) when the
     *     inode's reader or writer count is not the requester's own. In the model every other holder of the dentry
     *     is another open file or a truncate holding write access, counted by both; the inode references 4.14 adds
     *     come from map_direct_register()'s ihold(), whose layout lease makes generic_add_lease() refuse a write
     *     lease anyway. The model has no hard links, O_PATH opens or working directories, which 4.14 would count
     */
    private static int checkConflictingOpen(Inode inode, File filp, int arg, int flags) {
        if ((flags & FileLock.FL_LAYOUT) != 0) {
            return 0;
        }
        if (arg == FileLock.F_RDLCK) {
            return inode.writecount() > 0 ? Errno.EAGAIN.negative() : 0;
        }
        if (arg != FileLock.F_WRLCK) {
            return 0;
        }
        int selfWritecount = filp.canWrite() ? 1 : 0;
        int selfReadcount = !filp.canWrite() && filp.canRead() ? 1 : 0;
        if (inode.writecount() != selfWritecount || inode.readcount() != selfReadcount) {
            return Errno.EAGAIN.negative();
        }
        return 0;
    }

    /**
     * Mirrors {@code generic_delete_lease()}: unlocks the lease of {@code filp} owned by {@code owner}; -EAGAIN if none.
     *
     * @kernel fs/locks.c generic_delete_lease()
     */
    int genericDeleteLease(File filp, Object owner) {
        FileLockContext ctx = filp.inode().flctx();
        List<FileLock> dispose = new ArrayList<>();
        ctx.flcLock().lock();
        try {
            for (FileLock fl : ctx.leases()) {
                if (fl.file() == filp && fl.owner() == owner) {
                    return fl.lmops().lmChange(fl, FileLock.F_UNLCK, dispose);
                }
            }
            return Errno.EAGAIN.negative();
        } finally {
            ctx.flcLock().unlock();
            disposeList(dispose);
        }
    }

    /**
     * Mirrors {@code lease_modify()}: changes the lease type, clears the matching pending flag,
     * wakes breakers; {@code F_UNLCK} removes the fasync entry and deletes the lease. Repaired
     * ({@link Repair#DELOWN_FCNTL_UNLOCK_ONLY}): {@code f_delown()} (clearing the file's SIGIO owner) is
     * done for fcntl leases only, so that a MAP_DIRECT mapping keeps its SIGIO when another lease of the
     * same open file (a deregistered MR's, a second mapping's) goes away; 4.14 clears it for every lease.
     *
     * @kernel fs/locks.c lease_modify()
     * @departure repair DELOWN_FCNTL_UNLOCK_ONLY
     * @departure bookkeeping f_owner.signum (F_SETSIG) is not modelled: every lease signal is SIGIO
     */
    public int leaseModify(FileLock fl, int arg, List<FileLock> dispose) {
        if (arg != FileLock.F_RDLCK && arg != FileLock.F_WRLCK && arg != FileLock.F_UNLCK) {
            return Errno.EINVAL.negative();
        }
        Inode inode = fl.file().inode();
        clearPending(fl, arg);
        wakeUpBlocks(fl);
        if (arg == FileLock.F_UNLCK) {
            if (!fl.isLayout() || !kernel.repaired(Repair.DELOWN_FCNTL_UNLOCK_ONLY)) {
                fl.file().setOwner(null);
            }
            if (fl.fasync() != null && !kernel.testFault(TestFault.LEASE_UNLOCK_KEEPS_FASYNC)) {
                kernel.kmem().kfree(fl.fasync(), "fasync_helper");
                fl.setFasync(null);
            }
            deleteLease(fl, dispose, "unlock");
        } else {
            fl.setType(arg);
            kernel.emit(new LeaseEvents.LeaseChanged(inode.ino(), fl.label(), FileLock.typeName(arg)));
        }
        return 0;
    }

    /**
     * Mirrors {@code lease_clear_pending()}: F_UNLCK clears the unlock and (falling through) the
     * downgrade bit, F_RDLCK the downgrade bit. Repaired ({@link Repair#DOWNGRADE_DEADLINE_CLEARED}):
     * the downgrade deadline is cleared with its bit, so that {@code time_out_leases()} cannot downgrade again a lease that was upgraded
     * after a completed downgrade (4.14 leaves {@code fl_downgrade_time} set).
     *
     * @kernel fs/locks.c lease_clear_pending()
     * @departure repair DOWNGRADE_DEADLINE_CLEARED
     */
    private void clearPending(FileLock fl, int arg) {
        if (arg == FileLock.F_UNLCK) {
            fl.setFlags(fl.flags() & ~FileLock.FL_UNLOCK_PENDING);
        }
        if (arg == FileLock.F_UNLCK || arg == FileLock.F_RDLCK) {
            fl.setFlags(fl.flags() & ~FileLock.FL_DOWNGRADE_PENDING);
            if (kernel.repaired(Repair.DOWNGRADE_DEADLINE_CLEARED)) {
                fl.setDowngradeTimeNs(0);
            }
        }
    }

    /**
     * Mirrors {@code locks_delete_lock_ctx()}: unlinks, wakes blocked breakers, queues for disposal.
     *
     * @kernel fs/locks.c locks_delete_lock_ctx()
     * @departure bookkeeping the global lock list of /proc/locks (locks_delete_global_locks()) is not modelled: nothing reads it
     */
    void deleteLease(FileLock fl, List<FileLock> dispose, String why) {
        Inode inode = fl.file().inode();
        inode.flctx().leases().remove(fl);
        wakeUpBlocks(fl);
        kernel.emit(new LeaseEvents.LeaseRemoved(inode.ino(), fl.label(), fl.isLayout(), String.valueOf(fl.owner()), why));
        dispose.add(fl);
    }

    /**
     * Mirrors {@code locks_insert_block(fl, new_fl, leases_conflict)} as {@code __break_lease} uses it:
     * blocks the calling breaker on {@code fl}. Returns the token {@link #isBlocked} checks: the lease's
     * change count, since any change to the lease unblocks every breaker blocked on it. Model choice:
     * a breaker that conflicts with an earlier breaker blocked on the same lease is not chained behind it
     * (the kernel wakes such a chain together, with the same timeout, so the difference is not visible).
     *
     * @kernel fs/locks.c locks_insert_block()
     * @departure bookkeeping the lease's change count stands for its fl_block list: a breaker is unblocked by any change of the
     *     lease (locks_wake_up_blocks()), which is when 4.14 takes it off the list
     */
    long insertBlock(FileLock fl) {
        return fl.changes();
    }

    /** Whether a breaker that blocked on {@code fl} with {@code token} ({@link #insertBlock}) is still blocked. */
    static boolean isBlocked(FileLock fl, long token) {
        return fl.changes() == token;
    }

    /**
     * Mirrors {@code locks_wake_up_blocks(fl)}, called by {@code lease_modify()} and
     * {@code locks_unlink_lock_ctx()}: any change to a lease, not only its removal, unblocks the breakers
     * sleeping on it, which then check again for conflicts. So a reader that broke a write lease returns as
     * soon as the holder downgrades (found by the live-kernel oracle).
     *
     * @kernel fs/locks.c locks_wake_up_blocks()
     * @departure bookkeeping wakes every breaker sleeping on the inode's wait queue; one whose own blocker did not change finds
     *     itself still blocked and sleeps on with its deadline, as if it had not been woken
     */
    void wakeUpBlocks(FileLock fl) {
        fl.noteChange();
        fl.file().inode().flctx().breakWait().wakeWithoutYield();
    }

    /**
     * Mirrors {@code locks_dispose_list()}: frees removed leases after {@code flc_lock} is dropped.
     *
     * @kernel fs/locks.c locks_dispose_list()
     */
    public void disposeList(List<FileLock> dispose) {
        for (FileLock fl : dispose) {
            kernel.kmem().kfree(fl, "locks_dispose_list");
        }
        dispose.clear();
    }

    /**
     * Mirrors {@code time_out_leases()}: completes downgrades and unlocks whose deadline passed
     * (a break time of 0 never times out). Called with {@code flc_lock} held.
     *
     * @kernel fs/locks.c time_out_leases()
     * @departure bookkeeping past_time() is time_after(jiffies, then), a jiffy after the deadline; the model's clock has no jiffies
     *     and takes the deadline itself
     */
    void timeOutLeases(Inode inode, List<FileLock> dispose) {
        long now = kernel.nowNs();
        for (FileLock fl : List.copyOf(inode.flctx().leases())) {
            if (pastTime(fl.downgradeTimeNs(), now)) {
                leaseModify(fl, FileLock.F_RDLCK, dispose);
            }
            if (pastTime(fl.breakTimeNs(), now)) {
                leaseModify(fl, FileLock.F_UNLCK, dispose);
                dispose.stream().filter(d -> d == fl).findFirst().ifPresent(d -> kernel.probes().hit("lease timed out"));
            }
        }
    }

    private static boolean pastTime(long deadlineNs, long nowNs) {
        return deadlineNs != 0 && nowNs >= deadlineNs;
    }

    /**
     * Mirrors {@code locks_remove_lease()} on the last {@code fput}: unlocks every lease of {@code filp}.
     *
     * @kernel fs/locks.c locks_remove_file()
     * @kernel fs/locks.c locks_remove_lease()
     */
    public void locksRemoveFile(File filp) {
        FileLockContext ctx = filp.inode().flctx();
        if (ctx.leases().isEmpty()) {
            return;
        }
        List<FileLock> dispose = new ArrayList<>();
        ctx.flcLock().lock();
        try {
            for (FileLock fl : List.copyOf(ctx.leases())) {
                if (fl.file() == filp) {
                    leaseModify(fl, FileLock.F_UNLCK, dispose);
                }
            }
        } finally {
            ctx.flcLock().unlock();
            disposeList(dispose);
        }
    }
}
