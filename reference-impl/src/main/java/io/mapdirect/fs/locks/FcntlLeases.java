package io.mapdirect.fs.locks;

import io.mapdirect.fs.FasyncStruct;
import io.mapdirect.fs.File;
import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.FileLockContext;
import io.mapdirect.fs.LeaseManagerOperations;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * Read and write leases through {@code fcntl(F_SETLEASE / F_GETLEASE)} and their
 * {@code lease_manager_ops}: a break sends SIGIO to the file's owner on the fd the lease was taken
 * through, and the lease times out after lease-break-time unless the holder unlocks or downgrades.
 */
public final class FcntlLeases implements LeaseManagerOperations {
    private final Kernel kernel;
    private final LeaseTable table;

    public FcntlLeases(Kernel kernel, LeaseTable table) {
        this.kernel = kernel;
        this.table = table;
    }

    /**
     * Mirrors {@code fcntl_setlease()} / {@code do_fcntl_add_lease()}: {@code F_UNLCK} removes the
     * lease this file owns; {@code F_RDLCK}/{@code F_WRLCK} allocate a lease and a fasync entry for
     * {@code fd} (either allocation can fail, -ENOMEM) and set it. Returns 0 or -errno.
     *
     * <p>Under the 2019 layout-lease RFC ({@link Policy.LongTermPin#LAYOUT_LEASE}), as its patch
     * "fs/locks: Add F_LAYOUT lease type" has it, {@code F_RDLCK | F_LAYOUT} takes a layout lease
     * ({@code FL_LAYOUT}) owned by the file, the lease a long-term pin of the file's fs-DAX pages
     * needs; {@code F_UNLCK | F_LAYOUT} (or {@code F_UNLCK}) removes it. Like any lease of the file it
     * is broken by {@code break_layout()} (truncate, punch, reflink, an allocating write), the holder
     * gets SIGIO and the lease goes at the end of lease-break-time; a pin it leaves behind makes the
     * truncate fail with ETXTBSY ({@code XfsLayouts.waitForPins}). Model choices: only read layout
     * leases (a write layout lease is EINVAL, as in the RFC's first version); a file holds one lease,
     * so asking for a layout lease on a file holding a plain one (or the reverse) is EINVAL
     * ({@link LeaseTable#genericAddLease}); other designs reject the flag (EINVAL, as Linux does for
     * an unknown lease type).
     *
     * @kernel fs/locks.c fcntl_setlease()
     * @kernel fs/locks.c do_fcntl_add_lease()
     * @kernel fs/locks.c lease_alloc()
     */
    public int fcntlSetlease(int fd, File filp, int arg) {
        boolean layout = (arg & FileLock.F_LAYOUT) != 0;
        boolean known = !layout || layoutLeases();
        int type = arg & ~FileLock.F_LAYOUT;
        if (known && type == FileLock.F_UNLCK) {
            return table.vfsSetlease(filp, FileLock.F_UNLCK, new FileLock[1], new Object[] {filp});
        }
        FileLock lease = kernel.kmem().kzalloc("lease_alloc", () -> new FileLock(kernel));
        if (lease == null) {
            return Errno.ENOMEM.negative();
        }
        if (!known || type != FileLock.F_RDLCK && (layout || type != FileLock.F_WRLCK)) {
            kernel.kmem().kfree(lease, "lease_alloc");
            return Errno.EINVAL.negative();
        }
        lease.init(layout ? FileLock.FL_LAYOUT : FileLock.FL_LEASE, type, filp, filp, this, kernel.current().pid());
        FasyncStruct fa = kernel.kmem().kzalloc("fasync_alloc", () -> new FasyncStruct(kernel, fd, filp));
        if (fa == null) {
            kernel.kmem().kfree(lease, "do_fcntl_add_lease");
            return Errno.ENOMEM.negative();
        }
        FileLock[] flp = {lease};
        Object[] priv = {fa};
        int error = table.vfsSetlease(filp, type, flp, priv);
        if (flp[0] != null) {
            kernel.kmem().kfree(flp[0], "do_fcntl_add_lease");
        }
        if (priv[0] != null) {
            kernel.kmem().kfree(fa, "do_fcntl_add_lease");
        }
        return error;
    }

    /** Whether this design has fcntl layout leases: the 2019 RFC. */
    private boolean layoutLeases() {
        return kernel.policy().longTermPin() == Policy.LongTermPin.LAYOUT_LEASE;
    }

    /**
     * Mirrors {@code fcntl_getlease()}: times out expired leases, then answers the target type of
     * the lease this file holds ({@code F_UNLCK} during an unlock break, {@code F_RDLCK} during a
     * downgrade), or {@code F_UNLCK}.
     *
     * @kernel fs/locks.c fcntl_getlease()
     */
    public int fcntlGetlease(File filp) {
        FileLockContext ctx = filp.inode().flctx();
        List<FileLock> dispose = new ArrayList<>();
        ctx.flcLock().lock();
        try {
            table.timeOutLeases(filp.inode(), dispose);
            for (FileLock fl : ctx.leases()) {
                if (fl.file() == filp && !fl.isLayout()) {
                    return fl.targetType();
                }
            }
            return FileLock.F_UNLCK;
        } finally {
            ctx.flcLock().unlock();
            table.disposeList(dispose);
        }
    }

    /**
     * Mirrors {@code lease_break_callback()}: SIGIO to the holder; the lease core does the rest.
     *
     * @kernel fs/locks.c lease_break_callback()
     */
    @Override
    public boolean lmBreak(FileLock lease) {
        FasyncStruct.killFasync(kernel, lease.fasync(), lease.file().inode().ino(), lease.label());
        return false;
    }

    /** Mirrors {@code lease_modify()} as {@code lm_change}. */
    @Override
    public int lmChange(FileLock lease, int arg, List<FileLock> dispose) {
        return table.leaseModify(lease, arg, dispose);
    }

    /**
     * Mirrors {@code lease_setup()}: {@code fasync_insert_entry()} hangs the fasync entry off the lease
     * or, when the lease has one for this file already (a lease modified by its owner), points that one
     * at the new fd and leaves {@code priv} to be freed; then the caller becomes the file's owner.
     *
     * @kernel fs/locks.c lease_setup()
     * @kernel fs/fcntl.c fasync_insert_entry()
     */
    @Override
    public void lmSetup(FileLock lease, Object[] priv) {
        if (priv[0] instanceof FasyncStruct fa) {
            if (lease.fasync() == null) {
                lease.setFasync(fa);
                priv[0] = null;
            } else {
                lease.fasync().setFd(fa.fd());
            }
        }
        lease.file().setOwner(kernel.current().signalTarget());
    }

    @Override
    public String name() {
        return "lease_manager_ops";
    }
}
