package io.mapdirect.kernel;

/** Error numbers with their x86-64 Linux values ({@code include/uapi/asm-generic/errno-base.h}, {@code errno.h}). */
public enum Errno {
    EPERM(1), ENOENT(2), EINTR(4), EIO(5), ENXIO(6), EBADF(9), EAGAIN(11), ENOMEM(12), EACCES(13),
    EFAULT(14), EBUSY(16), EEXIST(17), EXDEV(18), ENODEV(19), EISDIR(21), EINVAL(22), ETXTBSY(26),
    EFBIG(27), ENOSPC(28), ESPIPE(29), EROFS(30), ENOSYS(38), EOVERFLOW(75), EOPNOTSUPP(95),
    /** Kernel-internal: a sleeping call was interrupted and would be restarted; userspace sees EINTR. */
    ERESTARTSYS(512);

    /** EWOULDBLOCK is EAGAIN on Linux. */
    public static final Errno EWOULDBLOCK = EAGAIN;

    private final int code;

    Errno(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The kernel's negative return value, {@code -code}. */
    public int negative() {
        return -code;
    }

    /** The errno for a kernel return value {@code rc < 0}. */
    public static Errno fromNegative(long rc) {
        if (rc >= 0) {
            throw new IllegalArgumentException("not an error return: " + rc);
        }
        for (Errno errno : values()) {
            if (errno.code == -rc) {
                return errno;
            }
        }
        throw new IllegalArgumentException("unknown errno " + (-rc));
    }

    /** The errno userspace sees: ERESTARTSYS becomes EINTR. */
    public Errno userVisible() {
        return this == ERESTARTSYS ? EINTR : this;
    }
}
