package io.mapdirect.live.xfs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** The libc calls the XFS oracle makes through JNA; each throws {@link LastErrorException} with the errno. */
interface XfsLibC extends Library {
    int open(String path, int flags, int mode) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    long pwrite(int fd, byte[] buffer, long count, long offset) throws LastErrorException;

    long pread(int fd, byte[] buffer, long count, long offset) throws LastErrorException;

    int fallocate(int fd, int mode, long offset, long length) throws LastErrorException;

    int ftruncate(int fd, long length) throws LastErrorException;

    int truncate(String path, long length) throws LastErrorException;

    int fsync(int fd) throws LastErrorException;

    void sync();

    /** {@code ioctl} with a plain integer argument (FICLONE's source fd). */
    int ioctl(int fd, long request, long argument) throws LastErrorException;

    /** {@code ioctl} with a pointer to a structure or integer. */
    int ioctl(int fd, long request, Pointer argument) throws LastErrorException;
}
