package io.mapdirect.live;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The few libc entry points the live-kernel tests call through JNA. mmap and munmap go through
 * {@code syscall(2)} so that nothing between the test and the kernel rewrites arguments or errors
 * (glibc's mmap wrapper checks offsets itself on some targets); errors come back as -1 with
 * {@code Native.getLastError()}. The others throw {@link LastErrorException} with the errno.
 */
public interface LibC extends Library {
    /** x86-64 {@code __NR_mmap}. */
    long SYS_MMAP = 9;
    /** x86-64 {@code __NR_munmap}. */
    long SYS_MUNMAP = 11;

    int O_RDWR = 2;
    int O_CREAT = 0x40;
    int O_NONBLOCK = 0x800;
    int O_DIRECTORY = 0x10000;
    int O_CLOEXEC = 0x80000;

    /** {@code long syscall(long number, ...)}: pass every argument as a {@code Long}. */
    long syscall(long number, Object... args);

    int open(String path, int flags, int mode) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int ftruncate(int fd, long length) throws LastErrorException;

    /** {@code signal(2)}: the lease tests set SIGIO and their real-time signal to SIG_IGN ({@code new Pointer(1)}). */
    Pointer signal(int signum, Pointer handler);
}
