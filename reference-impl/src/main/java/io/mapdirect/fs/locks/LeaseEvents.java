package io.mapdirect.fs.locks;

import io.mapdirect.kernel.KEvent;

/** Lease state changes, for the checkers and timelines. */
public final class LeaseEvents {
    private LeaseEvents() {
    }

    /** A lease was inserted on an inode. */
    public record LeaseAdded(long ino, String lease, String type, boolean layout, String owner) implements KEvent { }

    /** A breaker marked a lease unlock- or downgrade-pending and called its {@code lm_break}. */
    public record LeaseBreakStarted(long ino, String lease, boolean layout, String owner, String pending,
                                    long deadlineNs) implements KEvent { }

    /** A lease changed type (downgrade or upgrade). */
    public record LeaseChanged(long ino, String lease, String type) implements KEvent { }

    /** A lease was removed from the inode (unlocked, timed out, or its file closed). */
    public record LeaseRemoved(long ino, String lease, boolean layout, String owner, String why) implements KEvent { }

    /** A breaker went to sleep waiting for a lease to go. */
    public record BreakerBlocked(long ino, String task, String blocker, long timeoutNs) implements KEvent { }

    /** A breaker woke and finished breaking ({@code rc} 0 or -errno). */
    public record BreakerDone(long ino, String task, int rc) implements KEvent { }
}
