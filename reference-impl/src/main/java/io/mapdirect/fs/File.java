package io.mapdirect.fs;

import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.kernel.KObject;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Oops;
import io.mapdirect.kernel.SignalTarget;
import io.mapdirect.mm.AddressSpace;
import io.mapdirect.mm.VmFile;
import io.mapdirect.mm.Vma;

/**
 * {@code struct file}: an open file description with its mode, flags, operations, reference count
 * ({@code f_count}) and owner for SIGIO ({@code f_owner}). The last {@link #put()} releases it:
 * leases it owns are removed ({@code locks_remove_file}), then {@code ->release}.
 */
public final class File extends KObject implements VmFile {
    private static final long MAP_TYPE = 0x0f;
    private static final long MAP_SHARED_VALIDATE = 0x03;

    private final Kernel kernel;
    private final Vfs vfs;
    private final Inode inode;
    private final String path;
    private final int fMode;
    private final int fFlags;
    private final FileOperations fOp;
    private long count = 1;
    private SignalTarget owner;

    File(Kernel kernel, Vfs vfs, Inode inode, String path, int fMode, int fFlags, FileOperations fOp) {
        super(kernel, "file");
        this.kernel = kernel;
        this.vfs = vfs;
        this.inode = inode;
        this.path = path;
        this.fMode = fMode;
        this.fFlags = fFlags;
        this.fOp = fOp;
    }

    public Inode inode() {
        return inode;
    }

    public String path() {
        return path;
    }

    public int fMode() {
        return fMode;
    }

    public int fFlags() {
        return fFlags;
    }

    public FileOperations fOp() {
        return fOp;
    }

    public boolean canRead() {
        return (fMode & OpenFlags.FMODE_READ) != 0;
    }

    @Override
    public boolean canWrite() {
        return (fMode & OpenFlags.FMODE_WRITE) != 0;
    }

    public boolean nonBlocking() {
        return (fFlags & OpenFlags.O_NONBLOCK) != 0;
    }

    /** {@code f_count}. */
    public long count() {
        return count;
    }

    /** The process SIGIO goes to ({@code f_owner}), or null. */
    public SignalTarget owner() {
        return owner;
    }

    /**
     * Mirrors {@code __f_setown()}.
     *
     * @kernel fs/fcntl.c __f_setown()
     */
    public void setOwner(SignalTarget owner) {
        this.owner = owner;
    }

    /**
     * Mirrors {@code get_file()}.
     *
     * @kernel include/linux/fs.h get_file()
     */
    @Override
    public void get() {
        use("get_file");
        count++;
    }

    /**
     * Mirrors {@code fput()}: the last reference runs {@code __fput()}.
     *
     * @kernel fs/file_table.c fput()
     */
    @Override
    public void put() {
        use("fput");
        if (count <= 0) {
            throw new Oops(Oops.Kind.REFCOUNT_UNDERFLOW, "fput", label());
        }
        count--;
        if (count == 0) {
            vfs.finalFput(this);
            fOp.release(inode, this);
            inode.fileReleased(this);
            kernel.emit(new FsEvents.FileLifecycle(inode.ino(), label(), "release"));
            kernel.kmem().kfree(this, "__fput");
        }
    }

    @Override
    public AddressSpace mapping() {
        return inode.mapping();
    }

    @Override
    public boolean isDax() {
        return inode.isDax();
    }

    @Override
    public boolean isCharDevice() {
        return (inode.mode() & 0170000) == Inode.S_IFCHR;
    }

    /**
     * Mirrors {@code mmap_region()}'s hook call [01] [02]: in the seed profile MAP_SHARED_VALIDATE
     * (which {@code do_mmap} already downgraded when all flags are legacy) calls
     * {@code ->mmap_validate(file, vma, map_flags, fd)}; everything else calls {@code ->mmap}.
     *
     * @kernel mm/mmap.c mmap_region() [01] [02]
     * @kernel include/linux/fs.h call_mmap()
     */
    @Override
    public int mmap(Vma vma, long mapFlags, int fd) {
        if (kernel.config().profile() == FlagProfile.SEED_2017 && (mapFlags & MAP_TYPE) == MAP_SHARED_VALIDATE) {
            return fOp.mmapValidate(this, vma, mapFlags, fd);
        }
        return fOp.mmap(this, vma);
    }

    @Override
    public String name() {
        return path;
    }
}
