package io.mapdirect.fs;

import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Oops;
import io.mapdirect.mm.AddressSpace;
import io.mapdirect.sim.SimRwSemaphore;
import io.mapdirect.sim.SimSpinLock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct inode}: owner, size, the DAX flag, {@code i_rwsem} (the inode I/O lock, XFS's
 * IOLOCK), the address space of its mappings, its lease context and {@code i_mapdcount} [03].
 * Filesystems extend it with their own state (the XFS block map).
 */
public class Inode {
    public static final int S_IFREG = 0100000;
    public static final int S_IFCHR = 0020000;

    private final Kernel kernel;
    private final SuperBlock superBlock;
    private final long ino;
    private final int uid;
    private final int mode;
    private long sizeBytes;
    private boolean daxFlag;
    private int mapdcount;
    private int writecount;
    private int readcount;
    private final List<File> openFiles = new ArrayList<>();
    /** {@code i_lock} for the open-file list and the reader/writer counts (the stress mode lost updates without it). */
    private final SimSpinLock iLock;
    private final SimRwSemaphore iRwsem;
    private final AddressSpace mapping;
    private final FileLockContext flctx;

    protected Inode(Kernel kernel, SuperBlock superBlock, int uid, int mode) {
        this.kernel = kernel;
        this.superBlock = superBlock;
        this.ino = kernel.nextSerial("ino");
        this.uid = uid;
        this.mode = mode;
        this.iRwsem = new SimRwSemaphore(kernel.sim(), "i_rwsem(ino " + ino + ")");
        this.iLock = new SimSpinLock(kernel.sim(), "i_lock(ino " + ino + ")");
        this.mapping = new AddressSpace(kernel, "ino " + ino);
        this.flctx = new FileLockContext(kernel, this);
    }

    public Kernel kernel() {
        return kernel;
    }

    public SuperBlock superBlock() {
        return superBlock;
    }

    public long ino() {
        return ino;
    }

    /** {@code i_uid}. */
    public int uid() {
        return uid;
    }

    public int mode() {
        return mode;
    }

    /** {@code S_ISREG(i_mode)}. */
    public boolean isRegular() {
        return (mode & 0170000) == S_IFREG;
    }

    /**
     * Whether layout leases may be set on this inode: regular files, and device-dax inodes, whose
     * {@code ->lease_direct} [10] needs them ({@link io.mapdirect.kernel.Repair#DEVDAX_ACCEPTS_LAYOUT_LEASES});
     * 4.14's {@code generic_setlease} refuses a character device with EINVAL.
     *
     * @kernel fs/locks.c generic_setlease()
     * @departure repair DEVDAX_ACCEPTS_LAYOUT_LEASES
     */
    public boolean acceptsLayoutLeases() {
        return isRegular();
    }

    /**
     * The physical block (pfn) that file block {@code fileBlock} maps at this instant, or -1 for
     * none. The invariant checkers ask it to tell whether a DMA lands where the file still is.
     */
    public long pfnAt(long fileBlock) {
        return -1;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    /** {@code i_size_write()}; emits a size change. */
    public void setSizeBytes(long newSizeBytes) {
        if (newSizeBytes != sizeBytes) {
            kernel.emit(new FsEvents.SizeChanged(ino, sizeBytes, newSizeBytes));
        }
        this.sizeBytes = newSizeBytes;
    }

    /** {@code IS_DAX(inode)}: the mount option or the per-inode flag. */
    public boolean isDax() {
        return superBlock.daxMount() || daxFlag;
    }

    public void setDaxFlag(boolean daxFlag) {
        this.daxFlag = daxFlag;
    }

    /** {@code inode->i_rwsem}: the inode I/O lock ({@code XFS_IOLOCK}). */
    public SimRwSemaphore iRwsem() {
        return iRwsem;
    }

    /** {@code inode->i_mapping}. */
    public AddressSpace mapping() {
        return mapping;
    }

    /** {@code inode->i_flctx}. */
    public FileLockContext flctx() {
        return flctx;
    }

    /**
     * Mirrors {@code i_mapdcount_read()} [03].
     *
     * @kernel include/linux/fs.h i_mapdcount_read() [03]
     */
    public int mapdcount() {
        return mapdcount;
    }

    /**
     * Mirrors {@code i_mapdcount_inc()} [03].
     *
     * @kernel include/linux/fs.h i_mapdcount_inc() [03]
     */
    public void mapdcountInc() {
        mapdcount++;
        kernel.emit(new FsEvents.MapdcountChanged(ino, mapdcount));
    }

    /**
     * Mirrors {@code i_mapdcount_dec()} [03]: {@code BUG_ON(!atomic_read(&inode->i_mapdcount))}.
     *
     * @kernel include/linux/fs.h i_mapdcount_dec() [03]
     */
    public void mapdcountDec() {
        if (mapdcount == 0) {
            throw new Oops(Oops.Kind.REFCOUNT_UNDERFLOW, "i_mapdcount_dec", "i_mapdcount of ino " + ino);
        }
        mapdcount--;
        kernel.emit(new FsEvents.MapdcountChanged(ino, mapdcount));
    }

    /** Open {@code struct file}s of this inode, in open order. */
    public List<File> openFiles() {
        iLock.lock();
        try {
            return List.copyOf(openFiles);
        } finally {
            iLock.unlock();
        }
    }

    /** {@code i_writecount}: open files with write access, plus truncates in progress ({@link #getWriteAccess}). */
    public int writecount() {
        return writecount;
    }

    /** {@code i_readcount}: open files with read access only (6.x counts them for the write-lease check). */
    public int readcount() {
        return readcount;
    }

    /**
     * Mirrors {@code get_write_access()}: {@code vfs_truncate()} holds write access around its lease
     * break (found by the live-kernel oracle: while a truncate sleeps, the holder cannot renew its lease).
     *
     * @kernel include/linux/fs.h get_write_access()
     * @departure bookkeeping deny-write (ETXTBSY for a file being executed) is not modelled: the model executes nothing
     */
    public void getWriteAccess() {
        iLock.lock();
        writecount++;
        iLock.unlock();
    }

    /**
     * Mirrors {@code put_write_access()}.
     *
     * @kernel include/linux/fs.h put_write_access()
     */
    public void putWriteAccess() {
        iLock.lock();
        writecount--;
        iLock.unlock();
    }

    /**
     * Mirrors the counting of {@code do_dentry_open()}: {@code i_readcount_inc()} for a read-only file,
     * {@code get_write_access()} for a writer. It happens before the open's lease break, so an open that
     * sleeps in the break already counts (6.x; found by the live-kernel oracle).
     *
     * @kernel fs/open.c do_dentry_open()
     * @departure bookkeeping i_readcount (an IMA counter in 4.14) is kept for the 6.x write-lease check; 4.14's check does not read it
     */
    void fileOpened(File file) {
        iLock.lock();
        try {
            openFiles.add(file);
            if (file.canWrite()) {
                writecount++;
            } else if (file.canRead()) {
                readcount++;
            }
        } finally {
            iLock.unlock();
        }
    }

    void fileReleased(File file) {
        iLock.lock();
        try {
            openFiles.remove(file);
            if (file.canWrite()) {
                writecount--;
            } else if (file.canRead()) {
                readcount--;
            }
        } finally {
            iLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ino " + ino;
    }
}
