package io.mapdirect.live;

import static io.mapdirect.mm.MmapFlags.*;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import io.mapdirect.kernel.Errno;
import io.mapdirect.mm.AddressSpaceView;
import io.mapdirect.mm.MmapEnv;
import java.util.Optional;

/**
 * Runs a {@link LiveMmapCall} on the real kernel: opens the fd, calls mmap(2), munmaps a mapping it got
 * (failing loudly if it cannot, rather than leak it), closes the fd. Flags and prot are sign-extended to
 * 64 bits, as glibc's {@code mmap(..., int prot, int flags, ...)} passes them.
 *
 * <p>MAP_FIXED (and MAP_FIXED_NOREPLACE) with address 0 is run only where it cannot hurt the JVM:
 * the range it would map, [0, length rounded to its page size), must be at most 1 GiB and, by
 * /proc/self/maps read just before, free. The kernel hands out no address below mmap_min_addr unasked
 * and searches top-down from near 2^47, and the JVM places its own low regions (JDK 25 relocates its CDS
 * archive and class space at random) at start-up, so the range stays free between the check and the
 * call. A call that fails that test is not run.
 */
final class NativeMmap {
    /** Longest MAP_FIXED range at address 0 the tests will map. */
    static final long FIXED_LIMIT_BYTES = 1L << 30;

    private final LibC libc;
    private final MmapEnv env;

    NativeMmap(LibC libc, MmapEnv env) {
        this.libc = libc;
        this.env = env;
    }

    /**
     * {@code "OK"} or the errno's name; empty if the call was not run (an unsafe MAP_FIXED). {@code space}
     * is /proc/self/maps read just before.
     */
    Optional<String> run(LiveMmapCall call, LiveFilesystem.Fixture fixture, AddressSpaceView space) {
        long mapped = mappedLengthBytes(call);
        if ((call.flags() & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0 && !fixedAtZeroIsSafe(mapped, space)) {
            return Optional.empty();
        }
        int fd = openFd(call, fixture);
        try {
            long address = libc.syscall(LibC.SYS_MMAP, 0L, call.lengthBytes(), (long) call.prot(), (long) call.flags(),
                    (long) fd, call.offsetBytes());
            if (address == -1) {
                return Optional.of(errnoName(Native.getLastError()));
            }
            if (libc.syscall(LibC.SYS_MUNMAP, address, mapped) != 0) {
                throw new AssertionError("munmap(0x" + Long.toHexString(address) + ", 0x" + Long.toHexString(mapped)
                        + ") failed with errno " + Native.getLastError() + " after " + call.caseText(fixture.name()));
            }
            return Optional.of("OK");
        } finally {
            if (fd >= 0) {
                libc.close(fd);
            }
        }
    }

    private int openFd(LiveMmapCall call, LiveFilesystem.Fixture fixture) {
        try {
            return switch (call.fd()) {
                case FILE -> libc.open(fixture.file().toString(),
                        call.openMode().value() | (call.nonblock() ? LibC.O_NONBLOCK : 0) | LibC.O_CLOEXEC, 0);
                case DIR -> libc.open(fixture.directory().toString(), LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
                case BAD -> -1;
            };
        } catch (LastErrorException e) {
            throw new AssertionError("cannot open the fixture for " + call.caseText(fixture.name()) + ": errno "
                    + e.getErrorCode(), e);
        }
    }

    /**
     * What a successful call maps: the length rounded to the huge page size of anonymous MAP_HUGETLB, else
     * to 4 KiB; 0 when nothing can be mapped (the length wraps, or /sys lists no such huge page size, so
     * ksys_mmap_pgoff() refuses before anything is mapped).
     */
    long mappedLengthBytes(LiveMmapCall call) {
        long unit = PAGE_SIZE;
        if ((call.flags() & (MAP_ANONYMOUS | MAP_HUGETLB)) == (MAP_ANONYMOUS | MAP_HUGETLB)) {
            int sizeLog = hugePageSizeLog(call.flags());
            int shift = sizeLog == 0 ? env.defaultHugePageShift() : sizeLog;
            if (env.hugePagePool(shift) == null) {
                return 0;
            }
            unit = 1L << shift;
        }
        return (call.lengthBytes() + unit - 1) & -unit;
    }

    /** A zero-length range cannot be mapped (the kernel refuses first); otherwise at most 1 GiB, all free. */
    private static boolean fixedAtZeroIsSafe(long mappedBytes, AddressSpaceView space) {
        if (mappedBytes == 0) {
            return true;
        }
        return Long.compareUnsigned(mappedBytes, FIXED_LIMIT_BYTES) <= 0 && !space.intersects(0, mappedBytes);
    }

    static String errnoName(int code) {
        for (Errno errno : Errno.values()) {
            if (errno.code() == code) {
                return errno.name();
            }
        }
        return "errno" + code;
    }
}
