package io.mapdirect.live.xfs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The calls of the XFS oracle on the real kernel: each returns its result or {@code -errno}, never
 * throws for an errno. FIEMAP always passes {@code FIEMAP_FLAG_SYNC} (delayed allocations are
 * written first, so every extent is allocated, as in the model, whose writes allocate at once).
 */
final class NativeXfs {
    static final int O_RDWR = 2;
    static final int O_CREAT = 0x40;
    /** {@code _IOW(0x94, 9, int)}. */
    static final long FICLONE = 0x40049409L;
    /** {@code _IOW(0x94, 13, struct file_clone_range)}. */
    static final long FICLONERANGE = 0x4020940dL;
    /** {@code _IOWR('f', 11, struct fiemap)}. */
    static final long FS_IOC_FIEMAP = 0xc020660bL;
    /** {@code _IOR('X', 125, __u32)}. */
    static final long XFS_IOC_GOINGDOWN = 0x8004587dL;
    /** Stop the filesystem without flushing the log: a power cut (xfstests' shutdown tests). */
    static final int XFS_FSOP_GOING_FLAGS_NOLOGFLUSH = 2;
    static final int FIEMAP_FLAG_SYNC = 1;
    static final int FIEMAP_EXTENT_LAST = 0x1;
    static final int FIEMAP_EXTENT_DELALLOC = 0x4;
    static final int FIEMAP_EXTENT_UNWRITTEN = 0x800;
    static final int FIEMAP_EXTENT_SHARED = 0x2000;
    private static final int FIEMAP_HEADER_BYTES = 32;
    private static final int FIEMAP_EXTENT_BYTES = 56;
    private static final int EXTENTS_PER_CALL = 64;

    /** One FIEMAP extent: bytes, flags as the kernel gave them. */
    record Extent(long logicalBytes, long physicalBytes, long lengthBytes, int flags) { }

    private static final XfsLibC LIBC = Native.load("c", XfsLibC.class);

    private NativeXfs() {
    }

    static long call(LongSupplier body) {
        try {
            return body.getAsLong();
        } catch (LastErrorException e) {
            return -e.getErrorCode();
        }
    }

    static long open(String path, int flags) {
        return call(() -> LIBC.open(path, flags, 0644));
    }

    static long close(int fd) {
        return call(() -> LIBC.close(fd));
    }

    static long pwrite(int fd, byte[] data, long offsetBytes) {
        return call(() -> LIBC.pwrite(fd, data, data.length, offsetBytes));
    }

    /** Reads {@code lengthBytes} from {@code offsetBytes}; bytes past EOF stay 0. */
    static byte[] pread(int fd, long offsetBytes, int lengthBytes) {
        byte[] buffer = new byte[lengthBytes];
        int done = 0;
        while (done < lengthBytes) {
            byte[] part = new byte[lengthBytes - done];
            long n = call(() -> LIBC.pread(fd, part, part.length, offsetBytes));
            if (n < 0) {
                throw new IllegalStateException("pread failed with errno " + -n);
            }
            if (n == 0) {
                break;
            }
            System.arraycopy(part, 0, buffer, done, (int) n);
            done += (int) n;
        }
        return buffer;
    }

    static long fallocate(int fd, int mode, long offsetBytes, long lengthBytes) {
        return call(() -> LIBC.fallocate(fd, mode, offsetBytes, lengthBytes));
    }

    static long ftruncate(int fd, long lengthBytes) {
        return call(() -> LIBC.ftruncate(fd, lengthBytes));
    }

    static long truncate(String path, long lengthBytes) {
        return call(() -> LIBC.truncate(path, lengthBytes));
    }

    static long fsync(int fd) {
        return call(() -> LIBC.fsync(fd));
    }

    static void sync() {
        LIBC.sync();
    }

    static long ficlone(int destFd, int srcFd) {
        return call(() -> LIBC.ioctl(destFd, FICLONE, srcFd));
    }

    static long ficloneRange(int destFd, int srcFd, long srcOffsetBytes, long lengthBytes, long destOffsetBytes) {
        try (Memory range = new Memory(32)) {
            range.setLong(0, srcFd);
            range.setLong(8, srcOffsetBytes);
            range.setLong(16, lengthBytes);
            range.setLong(24, destOffsetBytes);
            return call(() -> LIBC.ioctl(destFd, FICLONERANGE, range));
        }
    }

    /** {@code XFS_IOC_GOINGDOWN} on any fd of the filesystem. */
    static long goingDown(int fd, int flags) {
        try (Memory value = new Memory(4)) {
            value.setInt(0, flags);
            return call(() -> LIBC.ioctl(fd, XFS_IOC_GOINGDOWN, value));
        }
    }

    /** Every extent of the file from offset 0 (FIEMAP_FLAG_SYNC). */
    static List<Extent> fiemap(int fd) {
        List<Extent> extents = new ArrayList<>();
        long start = 0;
        while (true) {
            try (Memory request = new Memory(FIEMAP_HEADER_BYTES + (long) EXTENTS_PER_CALL * FIEMAP_EXTENT_BYTES)) {
                request.clear();
                request.setLong(0, start);
                request.setLong(8, Long.MAX_VALUE - start);
                request.setInt(16, FIEMAP_FLAG_SYNC);
                request.setInt(24, EXTENTS_PER_CALL);
                long rc = call(() -> LIBC.ioctl(fd, FS_IOC_FIEMAP, request));
                if (rc < 0) {
                    throw new IllegalStateException("FS_IOC_FIEMAP failed with errno " + -rc);
                }
                int mapped = request.getInt(20);
                Extent last = null;
                for (int i = 0; i < mapped; i++) {
                    long at = FIEMAP_HEADER_BYTES + (long) i * FIEMAP_EXTENT_BYTES;
                    last = new Extent(request.getLong(at), request.getLong(at + 8), request.getLong(at + 16),
                            request.getInt(at + 40));
                    extents.add(last);
                }
                if (last == null || (last.flags() & FIEMAP_EXTENT_LAST) != 0 || mapped < EXTENTS_PER_CALL) {
                    return extents;
                }
                start = last.logicalBytes() + last.lengthBytes();
            }
        }
    }
}
