package io.mapdirect.syscalls;

import io.mapdirect.fs.File;
import io.mapdirect.fs.FileOperations;
import io.mapdirect.fs.Inode;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.fs.Vfs;
import io.mapdirect.fs.locks.Locks;
import io.mapdirect.kernel.Capability;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.Mm;
import io.mapdirect.proc.Process;

/**
 * File system calls ({@code fs/open.c}, {@code fs/read_write.c}, {@code fs/sync.c},
 * {@code fs/ioctl.c}): each resolves its arguments, checks what the VFS checks, breaks leases where
 * the VFS does, and hands over to the filesystem. Reads and writes are positional and work on
 * whole pages: a write stores one content version in every page of its range; a read returns the
 * version of the page at the offset (0 for a hole or beyond the size).
 */
public final class FileCalls {
    /** {@code FICLONE} ioctl number. */
    public static final long FICLONE = 0x40049409L;

    private final Vfs vfs;
    private final Locks locks;

    public FileCalls(Vfs vfs, Locks locks) {
        this.vfs = vfs;
        this.locks = locks;
    }

    /**
     * Mirrors {@code do_sys_open()}: lookup or create ({@code O_CREAT}, owner = fsuid), permission
     * ({@code may_open}: writing a file of another user needs CAP_DAC_OVERRIDE), the lease break of
     * {@code may_open} ({@code break_lease(inode, flags)}: EWOULDBLOCK at once with
     * {@code O_NONBLOCK} while the break still starts, EINTR if interrupted), which {@code do_dentry_open()}
     * makes after counting the new file as a reader or writer ({@link Vfs#openFile}), then {@code O_TRUNC}
     * of a regular file ({@code do_last()} ignores it for anything else, a device-dax instance included).
     * Returns the new fd.
     *
     * @kernel fs/open.c do_sys_open()
     * @departure bookkeeping open(O_CREAT) of a missing name in /dev is EACCES for every caller: in Linux /dev is root's 0755
     *     devtmpfs directory, so the model's users get EACCES from may_create(); root would create a regular file there, which
     *     the model's /dev (device-dax instances only) cannot hold
     */
    public SysResult open(Process process, String path, int flags) {
        int fmode = OpenFlags.fmodeOf(flags);
        if (fmode < 0) {
            return SysResult.err(Errno.EINVAL);
        }
        Vfs.PathName name = vfs.resolve(path);
        if (name == null) {
            return SysResult.err(Errno.ENOENT);
        }
        Inode inode = name.superBlock().lookup(name.name());
        boolean created = false;
        if (inode == null) {
            if ((flags & OpenFlags.O_CREAT) == 0) {
                return SysResult.err(Errno.ENOENT);
            }
            inode = name.superBlock().create(name.name(), process.creds().fsuid());
            if (inode == null) {
                return SysResult.err(Errno.EACCES);
            }
            created = true;
        } else if ((flags & (OpenFlags.O_CREAT | OpenFlags.O_EXCL)) == (OpenFlags.O_CREAT | OpenFlags.O_EXCL)) {
            return SysResult.err(Errno.EEXIST);
        }
        if (!created && !mayOpen(process.creds(), inode, fmode)) {
            return SysResult.err(Errno.EACCES);
        }
        Inode opened = inode;
        KResult<File> file = vfs.openFile(inode, path, fmode, flags, () -> locks.breakLease(opened, flags));
        if (file.isErr()) {
            return SysResult.err(file.errno());
        }
        // do_last(): if (!d_is_reg(nd->path.dentry)) will_truncate = false; (O_TRUNC of a device is ignored)
        if ((flags & OpenFlags.O_TRUNC) != 0 && (fmode & OpenFlags.FMODE_WRITE) != 0 && inode.isRegular()
                && inode.sizeBytes() > 0) {
            int rc = inode.superBlock().fileOperations().setSize(inode, file.value(), 0);
            if (rc != 0) {
                file.value().put();
                return SysResult.err(Errno.fromNegative(rc));
            }
        }
        return SysResult.value(process.files().install(file.value()));
    }

    /** Mirrors {@code inode_permission()} for mode 0644 regular files and 0666 devices. */
    static boolean mayOpen(Creds creds, Inode inode, int fmode) {
        if ((fmode & OpenFlags.FMODE_WRITE) == 0 || creds.fsuid() == inode.uid()
                || creds.capable(Capability.CAP_DAC_OVERRIDE)) {
            return true;
        }
        return (inode.mode() & 0002) != 0;
    }

    /** Mirrors {@code close()}: removes the fd and drops its reference. */
    public SysResult close(Process process, int fd) {
        File file = process.files().remove(fd);
        if (file == null) {
            return SysResult.err(Errno.EBADF);
        }
        file.put();
        return SysResult.ok();
    }

    private static File fget(Process process, int fd) {
        return process.files().get(fd);
    }

    /** Mirrors {@code pread64()} of one page: EINVAL for a negative offset (before the fd is looked at), EBADF. */
    public SysResult read(Process process, int fd, long offsetBytes) {
        if (offsetBytes < 0) {
            return SysResult.err(Errno.EINVAL);
        }
        File file = fget(process, fd);
        if (file == null || !file.canRead()) {
            return SysResult.err(Errno.EBADF);
        }
        KResult<long[]> versions = file.fOp().read(file, offsetBytes, 1);
        if (versions.isErr()) {
            return SysResult.err(versions.errno());
        }
        return SysResult.value(versions.value().length == 0 ? 0 : versions.value()[0]);
    }

    /** {@code MAX_RW_COUNT}: {@code INT_MAX & PAGE_MASK}, the most one read or write transfers. */
    public static final long MAX_RW_COUNT = Integer.MAX_VALUE & ~(Mm.PAGE_SIZE - 1);

    /**
     * Mirrors {@code pwrite64()} → {@code vfs_write()} → {@code rw_verify_area()}: EINVAL for a
     * negative offset (before the fd is looked at), EBADF, EINVAL for a negative count or a range
     * whose end wraps past 2^63, then the count clamped to {@link #MAX_RW_COUNT}. Stores
     * {@code version} in every page of the range; returns the length written.
     */
    public SysResult write(Process process, int fd, long offsetBytes, long lengthBytes, long version) {
        if (offsetBytes < 0) {
            return SysResult.err(Errno.EINVAL);
        }
        File file = fget(process, fd);
        if (file == null || !file.canWrite()) {
            return SysResult.err(Errno.EBADF);
        }
        if (lengthBytes < 0 || offsetBytes + lengthBytes < 0) {
            return SysResult.err(Errno.EINVAL);
        }
        if (lengthBytes == 0) {
            return SysResult.ok();
        }
        long count = Math.min(lengthBytes, MAX_RW_COUNT);
        return SysResult.ofReturn(file.fOp().write(file, offsetBytes, count, version));
    }

    /** {@code FALLOC_FL_*} modes {@code vfs_fallocate()} knows. */
    public static final int FALLOC_FL_KEEP_SIZE = 0x01;
    public static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    public static final int FALLOC_FL_COLLAPSE_RANGE = 0x08;
    public static final int FALLOC_FL_ZERO_RANGE = 0x10;
    public static final int FALLOC_FL_INSERT_RANGE = 0x20;
    public static final int FALLOC_FL_UNSHARE_RANGE = 0x40;
    private static final int FALLOC_FL_SUPPORTED_MASK = FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE
            | FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_ZERO_RANGE | FALLOC_FL_INSERT_RANGE | FALLOC_FL_UNSHARE_RANGE;

    /**
     * Mirrors {@code fallocate()} → {@code vfs_fallocate()} in its order: EBADF for a bad fd; EINVAL
     * for a negative offset or a non-positive length; EOPNOTSUPP for unknown modes, punch with zero
     * range, punch without KEEP_SIZE; EINVAL for collapse or insert combined with anything, unshare
     * with anything but KEEP_SIZE; EBADF unless open for writing; ENODEV for anything but a regular
     * file (device-dax); EFBIG when {@code offset + len} wraps; then the filesystem.
     *
     * @kernel fs/open.c vfs_fallocate()
     */
    public SysResult fallocate(Process process, int fd, int mode, long offsetBytes, long lengthBytes) {
        File file = fget(process, fd);
        if (file == null) {
            return SysResult.err(Errno.EBADF);
        }
        Errno refused = vfs.kernel().config().profile() == FlagProfile.SEED_2017
                ? checkFallocate(mode, offsetBytes, lengthBytes) : checkFallocate6x(mode, offsetBytes, lengthBytes);
        if (refused != null) {
            return SysResult.err(refused);
        }
        if (!file.canWrite()) {
            return SysResult.err(Errno.EBADF);
        }
        if (!file.inode().isRegular()) {
            return SysResult.err(Errno.ENODEV);
        }
        if (offsetBytes + lengthBytes < 0) {
            return SysResult.err(Errno.EFBIG);
        }
        return SysResult.ofReturn(file.fOp().fallocate(file, mode, offsetBytes, lengthBytes));
    }

    /** The argument checks of {@code vfs_fallocate()} that come before the file's mode is looked at; null if none fails. */
    static Errno checkFallocate(int mode, long offsetBytes, long lengthBytes) {
        if (offsetBytes < 0 || lengthBytes <= 0) {
            return Errno.EINVAL;
        }
        if ((mode & ~FALLOC_FL_SUPPORTED_MASK) != 0) {
            return Errno.EOPNOTSUPP;
        }
        if ((mode & (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE)) == (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE)) {
            return Errno.EOPNOTSUPP;
        }
        if ((mode & FALLOC_FL_PUNCH_HOLE) != 0 && (mode & FALLOC_FL_KEEP_SIZE) == 0) {
            return Errno.EOPNOTSUPP;
        }
        if ((mode & FALLOC_FL_COLLAPSE_RANGE) != 0 && (mode & ~FALLOC_FL_COLLAPSE_RANGE) != 0) {
            return Errno.EINVAL;
        }
        if ((mode & FALLOC_FL_INSERT_RANGE) != 0 && (mode & ~FALLOC_FL_INSERT_RANGE) != 0) {
            return Errno.EINVAL;
        }
        if ((mode & FALLOC_FL_UNSHARE_RANGE) != 0 && (mode & ~(FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_KEEP_SIZE)) != 0) {
            return Errno.EINVAL;
        }
        return null;
    }

    /** {@code FALLOC_FL_MODE_MASK} of 6.x: the bits that name a mode (KEEP_SIZE is a modifier). */
    private static final int FALLOC_FL_MODE_MASK = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE
            | FALLOC_FL_ZERO_RANGE | FALLOC_FL_INSERT_RANGE | FALLOC_FL_UNSHARE_RANGE;

    /**
     * The same checks in {@code linux-6.x} ({@code vfs_fallocate()} since 6.11, found by the XFS oracle on
     * 6.18): at most one mode bit, else EOPNOTSUPP; punch hole needs KEEP_SIZE, collapse and insert refuse
     * it, both EOPNOTSUPP (2017: EINVAL for any combination with collapse or insert).
     */
    static Errno checkFallocate6x(int mode, long offsetBytes, long lengthBytes) {
        if (offsetBytes < 0 || lengthBytes <= 0) {
            return Errno.EINVAL;
        }
        if ((mode & ~(FALLOC_FL_MODE_MASK | FALLOC_FL_KEEP_SIZE)) != 0) {
            return Errno.EOPNOTSUPP;
        }
        int modeBits = mode & FALLOC_FL_MODE_MASK;
        boolean keep = (mode & FALLOC_FL_KEEP_SIZE) != 0;
        return switch (modeBits) {
            case 0, FALLOC_FL_UNSHARE_RANGE, FALLOC_FL_ZERO_RANGE -> null;
            case FALLOC_FL_PUNCH_HOLE -> keep ? null : Errno.EOPNOTSUPP;
            case FALLOC_FL_COLLAPSE_RANGE, FALLOC_FL_INSERT_RANGE -> keep ? Errno.EOPNOTSUPP : null;
            default -> Errno.EOPNOTSUPP;
        };
    }

    /**
     * Mirrors {@code vfs_truncate()} (truncate(2) by path): permission to write, then
     * {@code get_write_access()} held around {@code break_lease(inode, O_WRONLY)}, which breaks even the
     * caller's own lease (scenario S20) and sleeps interruptibly, then the filesystem's size change.
     * Holding write access (6.x, found by the live-kernel oracle) makes a lease holder's renewal fail with
     * EAGAIN while the truncate sleeps.
     *
     * @kernel fs/open.c vfs_truncate()
     */
    public SysResult truncate(Process process, String path, long lengthBytes) {
        if (lengthBytes < 0) {
            return SysResult.err(Errno.EINVAL);
        }
        Inode inode = vfs.lookup(path);
        if (inode == null) {
            return SysResult.err(Errno.ENOENT);
        }
        if (!inode.isRegular()) {
            return SysResult.err(Errno.EINVAL);
        }
        if (!mayOpen(process.creds(), inode, OpenFlags.FMODE_WRITE)) {
            return SysResult.err(Errno.EACCES);
        }
        inode.getWriteAccess();
        try {
            int rc = locks.breakLease(inode, OpenFlags.O_WRONLY);
            if (rc != 0) {
                return SysResult.err(Errno.fromNegative(rc));
            }
            return SysResult.ofReturn(inode.superBlock().fileOperations().setSize(inode, null, lengthBytes));
        } finally {
            inode.putWriteAccess();
        }
    }

    /**
     * Mirrors {@code do_sys_ftruncate()}: EINVAL for a negative length (before the fd is looked at),
     * EBADF, EINVAL unless the fd is open for writing on a regular file; no lease break (a writer has
     * no conflicting lease).
     *
     * @kernel fs/open.c do_sys_ftruncate()
     */
    public SysResult ftruncate(Process process, int fd, long lengthBytes) {
        if (lengthBytes < 0) {
            return SysResult.err(Errno.EINVAL);
        }
        File file = fget(process, fd);
        if (file == null) {
            return SysResult.err(Errno.EBADF);
        }
        if (!file.canWrite() || !file.inode().isRegular()) {
            return SysResult.err(Errno.EINVAL);
        }
        return SysResult.ofReturn(file.fOp().setSize(file.inode(), file, lengthBytes));
    }

    /** Mirrors {@code do_fsync()}. */
    public SysResult fsync(Process process, int fd) {
        File file = fget(process, fd);
        if (file == null) {
            return SysResult.err(Errno.EBADF);
        }
        return SysResult.ofReturn(file.fOp().fsync(file));
    }

    /** {@code FICLONE}: {@link #ficloneRange} of the whole source (offsets 0, length 0: to its EOF). */
    public SysResult ficlone(Process process, int destFd, int srcFd) {
        return ficloneRange(process, destFd, srcFd, 0, 0, 0);
    }

    /**
     * Mirrors {@code ioctl(dest, FICLONERANGE, {src, srcOffset, length, destOffset})} →
     * {@code vfs_clone_file_range()}: EBADF unless {@code dest} is open for writing and {@code src}
     * for reading, EXDEV across filesystems, EINVAL for non-regular files, EINVAL for a negative offset
     * or a range whose end wraps ({@code remap_verify_area()}), EOPNOTSUPP where the filesystem has no
     * reflink; the filesystem checks the range against the sizes.
     */
    public SysResult ficloneRange(Process process, int destFd, int srcFd, long srcOffsetBytes, long lengthBytes,
                                  long destOffsetBytes) {
        File dest = fget(process, destFd);
        File src = fget(process, srcFd);
        if (dest == null || src == null) {
            return SysResult.err(Errno.EBADF);
        }
        if (dest.inode().superBlock() != src.inode().superBlock()) {
            return SysResult.err(Errno.EXDEV);
        }
        if (!dest.inode().isRegular() || !src.inode().isRegular()) {
            return SysResult.err(Errno.EINVAL);
        }
        if (!dest.canWrite() || !src.canRead()) {
            return SysResult.err(Errno.EBADF);
        }
        if (!validRange(srcOffsetBytes, lengthBytes) || !validRange(destOffsetBytes, lengthBytes)) {
            return SysResult.err(Errno.EINVAL);
        }
        FileOperations ops = dest.fOp();
        return SysResult.ofReturn(ops.cloneRange(dest, destOffsetBytes, src, srcOffsetBytes, lengthBytes));
    }

    private static boolean validRange(long offsetBytes, long lengthBytes) {
        return offsetBytes >= 0 && lengthBytes >= 0 && offsetBytes + lengthBytes >= 0;
    }
}
