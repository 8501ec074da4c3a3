package io.mapdirect.fs.locks;

import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.FileLockContext;
import io.mapdirect.fs.Inode;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Repair;
import io.mapdirect.sim.WaitResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The breaker side of {@code fs/locks.c}: {@code __break_lease()}, {@code break_lease()} (open,
 * truncate) and {@code break_layout()} (write, fallocate, truncate and reflink of a file with
 * layout leases, device-dax shutdown).
 */
public final class LeaseBreaker {
    /** One jiffy at {@code CONFIG_HZ=250}: how long 4.14 sleeps on a lease without a deadline before it looks again. */
    static final long JIFFY_NS = 4_000_000L;

    private final Kernel kernel;
    private final LeaseTable table;

    public LeaseBreaker(Kernel kernel, LeaseTable table) {
        this.kernel = kernel;
        this.table = table;
    }

    /**
     * Mirrors {@code break_lease(inode, mode)}: breaks fcntl leases that conflict with an open for {@code mode}.
     *
     * @kernel include/linux/fs.h break_lease()
     */
    public int breakLease(Inode inode, int mode) {
        if (inode.flctx().leases().isEmpty()) {
            return 0;
        }
        return breakLease(inode, mode, FileLock.FL_LEASE);
    }

    /**
     * Mirrors {@code break_layout(inode, wait)} [05] [10]: breaks every layout lease; non-blocking it
     * returns -EWOULDBLOCK while one remains, blocking it sleeps until all are gone.
     *
     * @kernel include/linux/fs.h break_layout() [05] [10]
     */
    public int breakLayout(Inode inode, boolean wait) {
        if (inode.flctx().leases().isEmpty()) {
            return 0;
        }
        int mode = wait ? OpenFlags.O_WRONLY : OpenFlags.O_WRONLY | OpenFlags.O_NONBLOCK;
        return breakLease(inode, mode, FileLock.FL_LAYOUT);
    }

    /**
     * Mirrors {@code __break_lease(inode, mode, type)}: marks every conflicting lease unlock-pending
     * (a write breaker) or downgrade-pending (a read breaker) with a deadline of lease-break-time,
     * calls its {@code lm_break} (SIGIO for fcntl and MAP_DIRECT leases, invalidation work for
     * lease_direct), then, unless {@code O_NONBLOCK} (-EWOULDBLOCK), sleeps interruptibly until the
     * first remaining conflicting lease goes or stops conflicting (a downgrade ends a read breaker's
     * wait) or its deadline passes, times out leases and starts again while
     * any conflict remains. A signal ends the wait with -ERESTARTSYS (EINTR) and the break goes on.
     * Allocating the breaker's lock can fail (-ENOMEM). A lease-break-time of 0 gives no
     * deadline at all (4.14 {@code __break_lease}: {@code break_time = 0; if (lease_break_time > 0)
     * ...}; the {@code break_time++} there only guards a jiffies wrap), so such a lease never times out.
     * A lease whose break time is 0 ({@code map_direct_lm_break} [04]) is waited for without a timeout,
     * where 4.14 polls every jiffy; the observable behaviour is the same. After each wake-up the model
     * breaks the conflicting leases it has not broken yet ({@link Repair#BREAKER_BREAKS_NEW_LEASES});
     * 4.14's {@code restart:} only waits for them.
     *
     * @kernel fs/locks.c __break_lease() [04]
     * @departure repair BREAKER_BREAKS_NEW_LEASES
     * @departure bookkeeping after calling lm_break() 4.14 tests list_empty(), the model any_leases_conflict(): they differ only when
     *     an lm_break() deleted every conflicting lease (returned true), and none of the model's does
     * @departure bookkeeping a blocker with no deadline (map_direct_lm_break() sets fl_break_time 0) is polled every jiffy in 4.14;
     *     the model sleeps until the blocker changes, which is when the poll would first find the conflict gone
     * @departure bookkeeping the breaker's own file_lock is one allocation that may fail (ENOMEM), as lease_alloc() may
     */
    int breakLease(Inode inode, int mode, int type) {
        if (!kernel.kmem().alloc("break_lease new_fl")) {
            return Errno.ENOMEM.negative();
        }
        boolean wantWrite = (mode & OpenFlags.O_ACCMODE) != OpenFlags.O_RDONLY;
        int breakerType = wantWrite ? FileLock.F_WRLCK : FileLock.F_RDLCK;
        FileLockContext ctx = inode.flctx();
        List<FileLock> dispose = new ArrayList<>();
        ctx.flcLock().lock();
        try {
            table.timeOutLeases(inode, dispose);
            if (!anyLeasesConflict(inode, breakerType, type)) {
                return 0;
            }
            startBreaks(inode, wantWrite, breakerType, type, dispose);
            if (!anyLeasesConflict(inode, breakerType, type)) {
                return 0;
            }
            if ((mode & OpenFlags.O_NONBLOCK) != 0) {
                return Errno.EWOULDBLOCK.negative();
            }
            return waitForBreaks(inode, breakerType, type, dispose);
        } finally {
            if (ctx.flcLock().isHeldByCurrent()) {
                ctx.flcLock().unlock();
            }
            table.disposeList(dispose);
        }
    }

    private void startBreaks(Inode inode, boolean wantWrite, int breakerType, int type, List<FileLock> dispose) {
        long breakDeadlineNs = kernel.leaseBreakTimeSec() > 0 ? kernel.nowNs() + kernel.leaseBreakTimeNs() : 0;
        for (FileLock fl : List.copyOf(inode.flctx().leases())) {
            if (!leasesConflict(fl, breakerType, type)) {
                continue;
            }
            if (wantWrite) {
                if ((fl.flags() & FileLock.FL_UNLOCK_PENDING) != 0) {
                    continue;
                }
                fl.setFlags(fl.flags() | FileLock.FL_UNLOCK_PENDING);
                fl.setBreakTimeNs(breakDeadlineNs);
            } else {
                if (fl.isBreaking()) {
                    continue;
                }
                fl.setFlags(fl.flags() | FileLock.FL_DOWNGRADE_PENDING);
                fl.setDowngradeTimeNs(breakDeadlineNs);
            }
            fl.setBreakStartedNs(kernel.nowNs());
            kernel.emit(new LeaseEvents.LeaseBreakStarted(inode.ino(), fl.label(), fl.isLayout(), String.valueOf(fl.owner()),
                    wantWrite ? "unlock" : "downgrade", breakDeadlineNs));
            if (fl.lmops().lmBreak(fl)) {
                table.deleteLease(fl, dispose, "lm_break");
            }
        }
    }

    /**
     * The {@code restart:} loop of {@code __break_lease}; called and returns with {@code flc_lock} held.
     * The breaker blocks on the first conflicting lease ({@link LeaseTable#insertBlock}) and sleeps until
     * that lease changes in any way ({@link LeaseTable#wakeUpBlocks}), its wake deadline passes
     * ({@link #wakeDeadlineNs}) or a signal comes.
     */
    private int waitForBreaks(Inode inode, int breakerType, int type, List<FileLock> dispose) {
        FileLockContext ctx = inode.flctx();
        String task = kernel.current().name();
        while (true) {
            FileLock blocker = blockerOf(inode, breakerType, type);
            boolean conflicting = leasesConflict(blocker, breakerType, type);
            long deadlineNs = deadlineOf(blocker, breakerType);
            long timeoutNs = deadlineNs == 0 ? (conflicting ? -1 : JIFFY_NS) : Math.max(0, deadlineNs - kernel.nowNs());
            kernel.emit(new LeaseEvents.BreakerBlocked(inode.ino(), task, blocker.label(), timeoutNs));
            long token = table.insertBlock(blocker);
            ctx.flcLock().unlock();
            table.disposeList(dispose);
            WaitResult result = ctx.breakWait().waitEvent(() -> !LeaseTable.isBlocked(blocker, token)
                    || !ctx.leases().contains(blocker) || conflicting && !leasesConflict(blocker, breakerType, type), timeoutNs,
                    true);
            ctx.flcLock().lock();
            if (result == WaitResult.INTERRUPTED) {
                kernel.emit(new LeaseEvents.BreakerDone(inode.ino(), task, Errno.ERESTARTSYS.negative()));
                return Errno.ERESTARTSYS.negative();
            }
            if (result == WaitResult.TIMED_OUT) {
                table.timeOutLeases(inode, dispose);
            }
            if (!anyLeasesConflict(inode, breakerType, type)) {
                kernel.emit(new LeaseEvents.BreakerDone(inode.ino(), task, 0));
                return 0;
            }
            if (kernel.repaired(Repair.BREAKER_BREAKS_NEW_LEASES)) {
                startBreaks(inode, breakerType == FileLock.F_WRLCK, breakerType, type, dispose);
                if (!anyLeasesConflict(inode, breakerType, type)) {
                    kernel.emit(new LeaseEvents.BreakerDone(inode.ino(), task, 0));
                    return 0;
                }
            }
        }
    }

    /**
     * When the breaker's wait for {@code blocker} times out: a read breaker waits for a pending
     * downgrade until its downgrade deadline (4.14 polls every jiffy on {@code fl_break_time}, which
     * a downgrade leaves 0); otherwise the unlock deadline ({@code fl_break_time}; 0: none). A write
     * breaker never looks at a downgrade deadline, which may be long past.
     *
     * @kernel fs/locks.c __break_lease()
     * @departure bookkeeping a read breaker waiting for a pending downgrade sleeps until the downgrade deadline, where 4.14 polls
     *     every jiffy (a downgrade leaves fl_break_time 0) and time_out_leases() downgrades at that deadline
     */
    private static long deadlineOf(FileLock blocker, int breakerType) {
        if (breakerType == FileLock.F_RDLCK && (blocker.flags() & FileLock.FL_UNLOCK_PENDING) == 0
                && (blocker.flags() & FileLock.FL_DOWNGRADE_PENDING) != 0) {
            return blocker.downgradeTimeNs();
        }
        return blocker.breakTimeNs();
    }

    /**
     * The lease the breaker sleeps on: the first <em>conflicting</em> lease, where 4.14 takes the first
     * lease of the list (possibly one of the other kind, on which it then sleeps until that lease changes,
     * its deadline passes, or a jiffy when it has none).
     *
     * @kernel fs/locks.c __break_lease()
     * @departure repair BREAKER_SLEEPS_ON_CONFLICTING
     */
    private FileLock blockerOf(Inode inode, int breakerType, int type) {
        if (kernel.repaired(Repair.BREAKER_SLEEPS_ON_CONFLICTING)) {
            return firstConflicting(inode, breakerType, type);
        }
        return inode.flctx().leases().get(0);
    }

    private static FileLock firstConflicting(Inode inode, int breakerType, int type) {
        for (FileLock fl : inode.flctx().leases()) {
            if (leasesConflict(fl, breakerType, type)) {
                return fl;
            }
        }
        throw new IllegalStateException("no conflicting lease on " + inode);
    }

    /**
     * Mirrors {@code any_leases_conflict()}.
     *
     * @kernel fs/locks.c any_leases_conflict()
     */
    static boolean anyLeasesConflict(Inode inode, int breakerType, int type) {
        for (FileLock fl : inode.flctx().leases()) {
            if (leasesConflict(fl, breakerType, type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Mirrors {@code leases_conflict()}: layout breakers break only layout leases and lease breakers
     * only fcntl leases; then {@code locks_conflict()}: two read locks never conflict.
     *
     * @kernel fs/locks.c leases_conflict()
     * @kernel fs/locks.c locks_conflict()
     */
    static boolean leasesConflict(FileLock lease, int breakerType, int type) {
        boolean breakerIsLayout = (type & FileLock.FL_LAYOUT) != 0;
        if (breakerIsLayout != lease.isLayout()) {
            return false;
        }
        return breakerType == FileLock.F_WRLCK || lease.type() == FileLock.F_WRLCK;
    }
}
