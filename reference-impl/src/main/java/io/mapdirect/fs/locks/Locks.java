package io.mapdirect.fs.locks;

import io.mapdirect.fs.File;
import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.Inode;
import io.mapdirect.fs.Vfs;
import io.mapdirect.kernel.Kernel;
import java.util.List;

/**
 * The lease subsystem of one kernel ({@code fs/locks.c}): the lease table, the breaker and fcntl
 * leases, wired to the VFS so that the last {@code fput} of a file removes its leases.
 */
public final class Locks {
    private final LeaseTable table;
    private final LeaseBreaker breaker;
    private final FcntlLeases fcntl;

    public Locks(Kernel kernel, Vfs vfs) {
        this.table = new LeaseTable(kernel);
        this.breaker = new LeaseBreaker(kernel, table);
        this.fcntl = new FcntlLeases(kernel, table);
        vfs.onFinalFput(table::locksRemoveFile);
    }

    /** Mirrors {@code vfs_setlease()}. */
    public int vfsSetlease(File filp, int arg, FileLock[] flp, Object[] priv) {
        return table.vfsSetlease(filp, arg, flp, priv);
    }

    /** Mirrors {@code lease_modify()}. */
    public int leaseModify(FileLock fl, int arg, List<FileLock> dispose) {
        return table.leaseModify(fl, arg, dispose);
    }

    /** Mirrors {@code locks_dispose_list()}. */
    public void disposeList(List<FileLock> dispose) {
        table.disposeList(dispose);
    }

    /** Mirrors {@code break_lease()}. */
    public int breakLease(Inode inode, int mode) {
        return breaker.breakLease(inode, mode);
    }

    /** Mirrors {@code break_layout()}. */
    public int breakLayout(Inode inode, boolean wait) {
        return breaker.breakLayout(inode, wait);
    }

    /** Mirrors {@code fcntl(F_SETLEASE)}. */
    public int fcntlSetlease(int fd, File filp, int arg) {
        return fcntl.fcntlSetlease(fd, filp, arg);
    }

    /** Mirrors {@code fcntl(F_GETLEASE)}. */
    public int fcntlGetlease(File filp) {
        return fcntl.fcntlGetlease(filp);
    }
}
