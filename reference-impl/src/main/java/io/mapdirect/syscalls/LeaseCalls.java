package io.mapdirect.syscalls;

import io.mapdirect.fs.File;
import io.mapdirect.fs.locks.Locks;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;

/** {@code fcntl(F_SETLEASE / F_GETLEASE)} and the lease-break-time sysctl ({@code fs/fcntl.c}, {@code fs/locks.c}). */
public final class LeaseCalls {
    public static final int F_SETLEASE = 1024;
    public static final int F_GETLEASE = 1025;

    private final Kernel kernel;
    private final Locks locks;

    public LeaseCalls(Kernel kernel, Locks locks) {
        this.kernel = kernel;
        this.locks = locks;
    }

    /**
     * Mirrors {@code fcntl(fd, F_SETLEASE, arg)}.
     *
     * @kernel fs/fcntl.c do_fcntl()
     */
    public SysResult setLease(Process process, int fd, int arg) {
        File file = process.files().get(fd);
        if (file == null) {
            return SysResult.err(Errno.EBADF);
        }
        return SysResult.ofReturn(locks.fcntlSetlease(fd, file, arg));
    }

    /** Mirrors {@code fcntl(fd, F_GETLEASE)}: the lease type (F_RDLCK 0, F_WRLCK 1, F_UNLCK 2). */
    public SysResult getLease(Process process, int fd) {
        File file = process.files().get(fd);
        if (file == null) {
            return SysResult.err(Errno.EBADF);
        }
        return SysResult.value(locks.fcntlGetlease(file));
    }

    /** Writes {@code /proc/sys/fs/lease-break-time} (seconds); EINVAL for a negative value. Timers already armed keep their deadlines. */
    public SysResult setLeaseBreakTime(long seconds) {
        if (seconds < 0) {
            return SysResult.err(Errno.EINVAL);
        }
        kernel.setLeaseBreakTimeSec(seconds);
        return SysResult.ok();
    }
}
