package io.mapdirect.live;

import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * The system calls of the live lease oracle, straight through {@code syscall(2)} (x86-64 numbers) so that
 * nothing between the test and the kernel rewrites arguments or errors. Each returns the kernel's value
 * ({@code >= 0}) or {@code -errno}.
 */
final class NativeLeases {
    static final long SYS_OPEN = 2;
    static final long SYS_CLOSE = 3;
    static final long SYS_RT_SIGPROCMASK = 14;
    static final long SYS_FCNTL = 72;
    static final long SYS_TRUNCATE = 76;
    static final long SYS_FTRUNCATE = 77;
    static final long SYS_RT_SIGTIMEDWAIT = 128;
    static final long SYS_GETTID = 186;

    static final int O_CLOEXEC = 0x80000;
    static final int F_SETSIG = 10;
    static final int F_SETOWN_EX = 15;
    static final int F_OWNER_TID = 0;
    static final int F_SETLEASE = 1024;
    static final int F_GETLEASE = 1025;
    static final int SIG_BLOCK = 0;
    static final int SIGIO = 29;
    /** The real-time signal breaks are reported with ({@code F_SETSIG}): SIGRTMIN + 6 under glibc. */
    static final int SIG_LEASE = 40;
    /** {@code sizeof(siginfo_t)} and the offset of {@code si_fd} in its SIGPOLL part on x86-64. */
    static final int SIGINFO_BYTES = 128;
    static final int SI_FD_OFFSET = 24;

    private NativeLeases() {
    }

    static long call(long number, Object... args) {
        long rc = LiveKernel.libc().syscall(number, args);
        return rc == -1 ? -Native.getLastError() : rc;
    }

    static long open(String path, int flags) {
        return call(SYS_OPEN, cString(path), (long) (flags | O_CLOEXEC), 0600L);
    }

    static long close(int fd) {
        return call(SYS_CLOSE, (long) fd);
    }

    static long fcntl(int fd, int cmd, long arg) {
        return call(SYS_FCNTL, (long) fd, (long) cmd, arg);
    }

    /** {@code F_SETOWN_EX} with {@code F_OWNER_TID}: breaks of this description signal thread {@code tid} only. */
    static long setOwnerThread(int fd, int tid) {
        Memory owner = new Memory(8);
        owner.setInt(0, F_OWNER_TID);
        owner.setInt(4, tid);
        return call(SYS_FCNTL, (long) fd, (long) F_SETOWN_EX, owner);
    }

    static long truncate(String path, long lengthBytes) {
        return call(SYS_TRUNCATE, cString(path), lengthBytes);
    }

    static long ftruncate(int fd, long lengthBytes) {
        return call(SYS_FTRUNCATE, (long) fd, lengthBytes);
    }

    static int gettid() {
        return (int) call(SYS_GETTID);
    }

    /** A {@code sigset_t} (the kernel's 8 bytes) holding {@code signal}. */
    static Memory sigset(int signal) {
        Memory set = new Memory(8);
        set.setLong(0, 1L << (signal - 1));
        return set;
    }

    /** Blocks {@code signal} in the calling thread. */
    static long blockSignal(int signal) {
        return call(SYS_RT_SIGPROCMASK, (long) SIG_BLOCK, sigset(signal), 0L, 8L);
    }

    /**
     * {@code rt_sigtimedwait} with a zero timeout: the {@code si_fd} of one pending {@code signal} of the
     * calling thread, or {@code -EAGAIN} when none is pending.
     */
    static long takeSignalFd(Memory set) {
        Memory info = new Memory(SIGINFO_BYTES);
        Memory zeroTimeout = new Memory(16);
        zeroTimeout.clear();
        long rc = call(SYS_RT_SIGTIMEDWAIT, set, info, zeroTimeout, 8L);
        return rc < 0 ? rc : info.getInt(SI_FD_OFFSET);
    }

    private static Memory cString(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Memory memory = new Memory(bytes.length + 1L);
        memory.write(0, bytes, 0, bytes.length);
        memory.setByte(bytes.length, (byte) 0);
        return memory;
    }
}
