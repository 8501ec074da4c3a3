package io.mapdirect.fs;

import io.mapdirect.kernel.Kernel;
import io.mapdirect.sim.SimMutex;
import io.mapdirect.sim.WaitQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct file_lock_context} for leases: the inode's lease list, {@code flc_lock} (modelled
 * as a sleeping lock so that interleavings inside the lease paths are explored; nothing sleeps while
 * holding it) and the wait queue breakers sleep on until a lease goes away.
 */
public final class FileLockContext {
    private final List<FileLock> leases = new ArrayList<>();
    private final SimMutex flcLock;
    private final WaitQueue breakWait;

    FileLockContext(Kernel kernel, Inode inode) {
        this.flcLock = new SimMutex(kernel.sim(), "flc_lock(ino " + inode.ino() + ")");
        this.breakWait = new WaitQueue(kernel.sim(), "lease break(ino " + inode.ino() + ")");
    }

    /** {@code flc_lease}, in insertion order (live list: the lease core edits it). */
    public List<FileLock> leases() {
        return leases;
    }

    /** A copy of the lease list, for checkers. */
    public List<FileLock> leasesSnapshot() {
        return List.copyOf(leases);
    }

    public SimMutex flcLock() {
        return flcLock;
    }

    /** Where blocked breakers sleep ({@code fl_wait} of their blocker). */
    public WaitQueue breakWait() {
        return breakWait;
    }
}
