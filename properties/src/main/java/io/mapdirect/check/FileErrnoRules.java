package io.mapdirect.check;

import static io.mapdirect.kernel.Errno.EACCES;
import static io.mapdirect.kernel.Errno.EAGAIN;
import static io.mapdirect.kernel.Errno.EBADF;
import static io.mapdirect.kernel.Errno.EEXIST;
import static io.mapdirect.kernel.Errno.EFBIG;
import static io.mapdirect.kernel.Errno.EINTR;
import static io.mapdirect.kernel.Errno.EINVAL;
import static io.mapdirect.kernel.Errno.EIO;
import static io.mapdirect.kernel.Errno.ENODEV;
import static io.mapdirect.kernel.Errno.ENOENT;
import static io.mapdirect.kernel.Errno.ENOMEM;
import static io.mapdirect.kernel.Errno.ENOSPC;
import static io.mapdirect.kernel.Errno.EOPNOTSUPP;
import static io.mapdirect.kernel.Errno.ETXTBSY;
import static io.mapdirect.kernel.Errno.EXDEV;

import io.mapdirect.events.Op;
import io.mapdirect.fs.File;
import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.Inode;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Capability;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Policy;
import io.mapdirect.world.World;

/**
 * ERRNO's rules for the file calls, written from the kernel's system-call entry points, not from
 * the model: each rule reads the pre-state (is the fd open, for what, does the path exist, who owns
 * the inode) and says which results are legal. A failure the arguments or the fd decide comes first
 * (in the order the kernel checks them); otherwise success, plus the errnos the filesystem may give
 * whatever the state (ENOSPC, an interrupted lease break, an allocation failure).
 */
final class FileErrnoRules {
    private FileErrnoRules() {
    }

    /**
     * {@code do_sys_open()}: {@code build_open_flags()}, {@code path_openat()} (ENOENT, EEXIST for
     * O_CREAT|O_EXCL), {@code may_open()} → {@code inode_permission()} (EACCES for writing a 0644
     * file of another user without CAP_DAC_OVERRIDE), then {@code break_lease()}: EWOULDBLOCK only with
     * O_NONBLOCK, EINTR when the sleep is interrupted.
     */
    static Allowed open(Op.Open open, PreState pre) {
        int accmode = open.flags() & OpenFlags.O_ACCMODE;
        boolean creates = (open.flags() & OpenFlags.O_CREAT) != 0;
        Inode inode = pre.world().vfs().lookup(open.path());
        if (accmode == OpenFlags.O_ACCMODE) {
            // The model gives EINVAL for the access mode 3 (fmode -1); Linux opens it for ioctl only.
            return Allowed.successOr("access mode 3", EINVAL, ENOENT, EEXIST, EACCES, ENOMEM);
        }
        if (inode == null && creates && open.path().startsWith(World.DEV + "/")) {
            // may_create() in /dev, root's 0755 directory: EACCES unless CAP_DAC_OVERRIDE (which the model also refuses).
            return Allowed.only("O_CREAT in /dev", EACCES);
        }
        if (inode == null) {
            return creates ? Allowed.successOr("O_CREAT of a new file", ENOENT, ENOSPC, ENOMEM)
                    : Allowed.only("no such file, no O_CREAT", ENOENT);
        }
        if (creates && (open.flags() & OpenFlags.O_EXCL) != 0) {
            return Allowed.only("O_CREAT|O_EXCL of an existing file", EEXIST);
        }
        if (accmode != OpenFlags.O_RDONLY && !mayWrite(pre.creds(), inode)) {
            return Allowed.only("write access to a file of another user", EACCES);
        }
        Allowed opens = Allowed.successOr("open of an existing file", EINTR, ENOMEM);
        if ((open.flags() & OpenFlags.O_NONBLOCK) != 0) {
            opens = opens.plus(EAGAIN);
        }
        return (open.flags() & OpenFlags.O_TRUNC) != 0 && accmode != OpenFlags.O_RDONLY
                ? opens.plus(ENOSPC, EIO, ETXTBSY, EINVAL) : opens;
    }

    /** {@code generic_permission()} for the model's 0644 files and 0666 devices. */
    private static boolean mayWrite(Creds creds, Inode inode) {
        return creds.fsuid() == inode.uid() || creds.capable(Capability.CAP_DAC_OVERRIDE) || (inode.mode() & 0002) != 0;
    }

    /** {@code close_fd()}: EBADF for an fd that is not open. */
    static Allowed close(Op.Close close, PreState pre) {
        return pre.file(close.fd()) == null ? Allowed.only("fd not open", EBADF) : Allowed.successOr("fd open");
    }

    /** {@code ksys_pread64()}: EINVAL for a negative offset before {@code fdget()}; EBADF unless open for reading. */
    static Allowed read(Op.Read read, PreState pre) {
        if (read.off() < 0) {
            return Allowed.only("negative offset", EINVAL);
        }
        File file = pre.file(read.fd());
        if (file == null || !file.canRead()) {
            return Allowed.only(file == null ? "fd not open" : "fd not open for reading", EBADF);
        }
        return Allowed.successOr("readable fd", EINVAL, EIO, ENOMEM);
    }

    /**
     * {@code ksys_pwrite64()} → {@code vfs_write()}: EINVAL for a negative offset, EBADF unless open
     * for writing, {@code rw_verify_area()}'s EINVAL for a negative count or a wrapping range.
     */
    static Allowed write(Op.Write write, PreState pre) {
        if (write.off() < 0) {
            return Allowed.only("negative offset", EINVAL);
        }
        File file = pre.file(write.fd());
        if (file == null || !file.canWrite()) {
            return Allowed.only(file == null ? "fd not open" : "fd not open for writing", EBADF);
        }
        if (write.len() < 0 || write.off() + write.len() < 0) {
            return Allowed.only("negative or wrapping range", EINVAL);
        }
        return Allowed.successOr("writable fd", ENOSPC, EFBIG, EINVAL, EIO, EINTR, ENOMEM);
    }

    /**
     * {@code vfs_fallocate()}: EBADF for a bad fd, the argument and mode checks (EINVAL or
     * EOPNOTSUPP, which differ between 4.14 and 6.x, so both are accepted), then EBADF unless open for
     * writing, ENODEV for a non-regular file, EFBIG for a wrapping range, then the filesystem.
     */
    static Allowed fallocate(Op.Fallocate fallocate, PreState pre) {
        File file = pre.file(fallocate.fd());
        if (file == null) {
            return Allowed.only("fd not open", EBADF);
        }
        if (fallocate.off() < 0 || fallocate.len() <= 0) {
            return Allowed.only("negative offset or non-positive length", EINVAL);
        }
        Allowed afterModes = !file.canWrite() ? Allowed.only("fd not open for writing", EBADF)
                : !file.inode().isRegular() ? Allowed.only("not a regular file", ENODEV)
                : fallocate.off() + fallocate.len() < 0 ? Allowed.only("wrapping range", EFBIG)
                : Allowed.successOr("writable regular file", EOPNOTSUPP, EINVAL, ENOSPC, EFBIG, ETXTBSY, EINTR, ENOMEM);
        return fallocate.mode() == 0 ? afterModes : afterModes.plus(EOPNOTSUPP, EINVAL);
    }

    /**
     * {@code do_sys_truncate()} → {@code vfs_truncate()}: EINVAL for a negative length, ENOENT,
     * EINVAL for a non-regular file, EACCES without write permission, then the lease break (EINTR)
     * and the filesystem's size change.
     */
    static Allowed truncate(Op.Truncate truncate, PreState pre) {
        if (truncate.len() < 0) {
            return Allowed.only("negative length", EINVAL);
        }
        Inode inode = pre.world().vfs().lookup(truncate.path());
        if (inode == null) {
            return Allowed.only("no such file", ENOENT);
        }
        if (!inode.isRegular()) {
            return Allowed.only("not a regular file", EINVAL);
        }
        if (!mayWrite(pre.creds(), inode)) {
            return Allowed.only("no write permission", EACCES);
        }
        return Allowed.successOr("writable regular file", EINTR, ENOSPC, EFBIG, ETXTBSY, EINVAL, EIO, ENOMEM);
    }

    /** {@code do_sys_ftruncate()}: EINVAL for a negative length, EBADF, EINVAL unless writable and regular. */
    static Allowed ftruncate(Op.Ftruncate ftruncate, PreState pre) {
        if (ftruncate.len() < 0) {
            return Allowed.only("negative length", EINVAL);
        }
        File file = pre.file(ftruncate.fd());
        if (file == null) {
            return Allowed.only("fd not open", EBADF);
        }
        if (!file.canWrite() || !file.inode().isRegular()) {
            return Allowed.only("fd not open for writing on a regular file", EINVAL);
        }
        return Allowed.successOr("writable regular file", ENOSPC, EFBIG, ETXTBSY, EINVAL, EIO, EINTR, ENOMEM);
    }

    /** {@code do_fsync()}: EBADF, else what {@code ->fsync} gives (EIO; EINVAL where there is none). */
    static Allowed fsync(Op.Fsync fsync, PreState pre) {
        return pre.file(fsync.fd()) == null ? Allowed.only("fd not open", EBADF)
                : Allowed.successOr("open fd", EIO, EINVAL, ENOMEM);
    }

    /**
     * {@code ioctl_file_clone()} → {@code vfs_clone_file_range()}: EBADF for either fd, EXDEV across
     * superblocks, EINVAL for non-regular files, EBADF unless dest is writable and src readable,
     * then the filesystem (EOPNOTSUPP without reflink, EINVAL for a bad range).
     */
    static Allowed ficlone(Op.Ficlone ficlone, PreState pre) {
        File dest = pre.file(ficlone.dst());
        File src = pre.file(ficlone.src());
        if (dest == null || src == null) {
            return Allowed.only("fd not open", EBADF);
        }
        if (dest.inode().superBlock() != src.inode().superBlock()) {
            return Allowed.only("files on two filesystems", EXDEV);
        }
        if (!dest.inode().isRegular() || !src.inode().isRegular()) {
            return Allowed.only("not regular files", EINVAL);
        }
        if (!dest.canWrite() || !src.canRead()) {
            return Allowed.only("dest not writable or src not readable", EBADF);
        }
        return Allowed.successOr("clone between regular files", EINVAL, EOPNOTSUPP, ENOSPC, ETXTBSY, EINTR, EIO, ENOMEM);
    }

    /**
     * {@code fcntl(F_SETLEASE)} → {@code vfs_setlease()} → {@code generic_setlease()}: EBADF; EACCES
     * unless the caller owns the file or has CAP_LEASE; then EINVAL (not a regular file, a bad type),
     * EAGAIN (a conflicting open or lease, a break in progress). A type other than an unlock goes
     * through {@code do_fcntl_add_lease()} → {@code lease_alloc()} first, whose {@code assign_type()}
     * refuses a type it does not know with EINVAL before the owner check: anything but F_RDLCK,
     * F_WRLCK and F_UNLCK, and on the 2019 layout-lease RFC also F_RDLCK|F_LAYOUT and
     * F_UNLCK|F_LAYOUT (regressions/setlease-bad-type-einval-before-eacces.case).
     */
    static Allowed setLease(Op.SetLease setLease, PreState pre) {
        File file = pre.file(setLease.fd());
        if (file == null) {
            return Allowed.only("fd not open", EBADF);
        }
        if (!knownLeaseType(setLease.type(), pre)) {
            return Allowed.only("a lease type lease_alloc() refuses", EINVAL, ENOMEM);
        }
        Creds creds = pre.creds();
        if (creds.fsuid() != file.inode().uid() && !creds.capable(Capability.CAP_LEASE)) {
            return Allowed.only("not the owner, no CAP_LEASE", EACCES);
        }
        return Allowed.successOr("the owner's lease", EINVAL, EAGAIN, ENOMEM);
    }

    private static boolean knownLeaseType(int type, PreState pre) {
        if (type == FileLock.F_RDLCK || type == FileLock.F_WRLCK || type == FileLock.F_UNLCK) {
            return true;
        }
        boolean layoutLeases = pre.world().kernel().policy().longTermPin() == Policy.LongTermPin.LAYOUT_LEASE;
        return layoutLeases && (type == (FileLock.F_RDLCK | FileLock.F_LAYOUT) || type == (FileLock.F_UNLCK | FileLock.F_LAYOUT));
    }

    /** {@code fcntl(F_GETLEASE)}: EBADF, else the lease type. */
    static Allowed getLease(Op.GetLease getLease, PreState pre) {
        return pre.file(getLease.fd()) == null ? Allowed.only("fd not open", EBADF) : Allowed.successOr("open fd");
    }
}
