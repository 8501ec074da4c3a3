package io.mapdirect.mm;

import static io.mapdirect.kernel.Errno.*;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.FlagProfile;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Predicate;

/**
 * A second statement of mmap's rules, written on purpose unlike {@link MmapValidator}: no state is
 * rewritten as the call goes; every fact about the call is computed once, up front, with
 * {@link BigInteger} arithmetic instead of masks, and the rules are rows of a table, each a complete
 * condition on those facts, tried top to bottom in the kernel's order. The first row that holds is the
 * answer; if none does, the mapping is made. Sources are the same (spec §2.5 and 7, [01] [02] [06],
 * mm/mmap.c of 4.14 and 6.x), so a disagreement is a slip in one of the two writings.
 */
final class MmapDecisionTable {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger PAGE = BigInteger.valueOf(4096);
    private static final int SHARED = 0x1;
    private static final int PRIVATE = 0x2;
    private static final int VALIDATE = 0x3;
    private static final int DROPPABLE = 0x8;

    /** Everything the rows look at, computed once from the call. */
    record Facts(boolean seed, int flags, int prot, BigInteger addr, BigInteger off, MmapEnv env, boolean anon,
                 boolean hugeSizeUnknown, FileOps backing, OpenMode mode, int hugeShift, BigInteger len,
                 BigInteger pageLen, boolean fixed, int type, int legacy) {

        static Facts of(FlagProfile profile, MmapRequest request, MmapFile fd, MmapEnv env) {
            boolean seed = profile == FlagProfile.SEED_2017;
            int flags = request.flags();
            boolean anon = has(flags, MmapFlags.MAP_ANONYMOUS);
            FileOps backing = null;
            OpenMode mode = OpenMode.O_RDWR;
            boolean hugeSizeUnknown = false;
            if (anon && has(flags, MmapFlags.MAP_HUGETLB)) {
                int sizeLog = (flags >>> 26) & 63;
                int shift = sizeLog == 0 ? env.defaultHugePageShift() : sizeLog;
                hugeSizeUnknown = env.hugePagePool(shift) == null;
                backing = FileOps.hugetlbfs(shift);
            } else if (!anon && fd.valid()) {
                backing = fd.ops();
                mode = fd.openMode();
            }
            int hugeShift = backing == null ? 0 : backing.hugePageShift();
            BigInteger len = unsigned(request.lengthBytes());
            if (hugeShift != 0) {
                len = roundUp(len, BigInteger.ONE.shiftLeft(hugeShift)).mod(TWO_64);
            }
            boolean fixed = has(flags, MmapFlags.MAP_FIXED) || !seed && has(flags, MmapFlags.MAP_FIXED_NOREPLACE);
            return new Facts(seed, flags, request.prot(), unsigned(request.addr()), unsigned(request.offsetBytes()),
                    env, anon, hugeSizeUnknown, backing, mode, hugeShift, len, roundUp(len, PAGE), fixed, flags & 0xf,
                    MmapFlags.legacyMapMask(profile));
        }

        boolean bit(int mask) {
            return has(flags, mask);
        }

        boolean file() {
            return backing != null;
        }

        boolean hugetlb() {
            return hugeShift != 0;
        }

        boolean sharedType() {
            return type == SHARED || type == VALIDATE;
        }

        BigInteger pgoff() {
            return off.shiftRight(12);
        }

        BigInteger taskSize() {
            return unsigned(env.taskSizeBytes());
        }

        BigInteger hugePageBytes() {
            return BigInteger.ONE.shiftLeft(hugeShift);
        }

        /** Bits the validate hook of the seed or the 6.x mask would object to. */
        int beyondLegacy() {
            return flags & ~legacy;
        }

        boolean lockedBeyondLimit() {
            BigInteger pages = pageLen.shiftRight(12).add(unsigned(env.lockedBytes()).shiftRight(12));
            return pages.compareTo(unsigned(env.memlockLimitBytes()).shiftRight(12)) > 0;
        }

        boolean beyondFileMmapSize() {
            BigInteger max = unsigned(backing.maxMmapBytes());
            if (max.signum() != 0 && pageLen.compareTo(max) > 0) {
                return true;
            }
            BigInteger room = max.subtract(pageLen).mod(TWO_64);
            return pgoff().compareTo(room.shiftRight(12)) > 0;
        }

        /** With nothing mapped, the window is [start, 2 GiB); unmapped_area() wants the length plus align_mask. */
        boolean map32BitWindowTooSmall() {
            BigInteger alignment = hugetlb() ? hugePageBytes() : PAGE;
            BigInteger room = unsigned(MmapEnv.MAP_32BIT_END).subtract(unsigned(env.map32BitStartBytes()));
            return pageLen.add(alignment).subtract(PAGE).compareTo(room) > 0;
        }

        boolean hugePagesShort() {
            MmapEnv.HugePagePool pool = env.hugePagePool(hugeShift);
            long reservable = pool == null ? 0 : pool.reservablePages();
            return pageLen.shiftRight(hugeShift).compareTo(unsigned(reservable)) > 0;
        }
    }

    record Row(String name, Errno errno, Predicate<Facts> when) { }

    /**
     * The row no 64-bit call can reach: a page offset below 2^52 plus a length below 2^47 pages cannot
     * wrap. do_mmap() keeps the check for 32-bit callers; the table keeps it to stay complete.
     */
    static final String UNREACHABLE_ON_64_BIT = "pgoff wraps";

    /** The rows, in the order the kernel tries them. */
    static final List<Row> ROWS = List.of(
            new Row("sys_mmap: unaligned offset", EINVAL, f -> !f.off.mod(PAGE).equals(BigInteger.ZERO)),
            new Row("bad fd", EBADF, f -> !f.anon && f.backing == null),
            new Row("MAP_HUGETLB outside hugetlbfs", EINVAL,
                f -> !f.anon && f.bit(MmapFlags.MAP_HUGETLB) && !f.backing.hugetlbfs()),
            new Row("no such huge page size", EINVAL, f -> f.hugeSizeUnknown),
            new Row("zero length", EINVAL, f -> f.len.signum() == 0),
            new Row("page-aligned length wraps", ENOMEM, f -> f.pageLen.compareTo(TWO_64) >= 0),
            new Row(UNREACHABLE_ON_64_BIT, EOVERFLOW, f -> f.pgoff().add(f.pageLen.shiftRight(12)).compareTo(TWO_64) >= 0),
            new Row("longer than TASK_SIZE", ENOMEM, f -> f.pageLen.compareTo(f.taskSize()) > 0),
            new Row("hugetlb MAP_FIXED misaligned", EINVAL,
                f -> f.hugetlb() && f.fixed && !f.addr.mod(f.hugePageBytes()).equals(BigInteger.ZERO)),
            new Row("MAP_32BIT window", ENOMEM,
                f -> !f.fixed && f.bit(MmapFlags.MAP_32BIT) && f.map32BitWindowTooSmall()),
            new Row("no room above mmap_min_addr", ENOMEM, f -> !f.fixed && !f.bit(MmapFlags.MAP_32BIT)
                && f.pageLen.compareTo(f.taskSize().subtract(unsigned(f.env.mmapMinAddr()))) > 0),
            new Row("MAP_FIXED end beyond TASK_SIZE", ENOMEM,
                f -> f.fixed && f.addr.add(f.pageLen).compareTo(f.taskSize()) > 0),
            new Row("MAP_FIXED unaligned", EINVAL, f -> f.fixed && !f.addr.mod(PAGE).equals(BigInteger.ZERO)),
            new Row("MAP_FIXED below mmap_min_addr", EPERM,
                f -> f.fixed && f.addr.compareTo(unsigned(f.env.mmapMinAddr())) < 0 && !f.env.capSysRawio()),
            new Row("cannot mlock", EPERM, f -> f.bit(MmapFlags.MAP_LOCKED) && f.env.memlockLimitBytes() == 0
                && !f.env.capIpcLock()),
            new Row("mlock limit", EAGAIN, f -> f.bit(MmapFlags.MAP_LOCKED) && !f.env.capIpcLock() && f.lockedBeyondLimit()),
            // the file branch of do_mmap()
            new Row("file_mmap_ok", EOVERFLOW, f -> f.file() && !f.seed && f.beyondFileMmapSize()),
            new Row("file: bad map type", EINVAL, f -> f.file() && !f.sharedType() && f.type != PRIVATE),
            new Row("seed: VALIDATE without hook", EOPNOTSUPP, f -> f.file() && f.seed && f.type == VALIDATE
                && f.beyondLegacy() != 0 && !f.backing.hasMmapValidate()),
            new Row("6.x: VALIDATE beyond mask", EOPNOTSUPP, f -> f.file() && !f.seed && f.type == VALIDATE
                && (f.beyondLegacy() & ~f.backing.mmapSupportedFlags()) != 0),
            new Row("shared write on read-only fd", EACCES, f -> f.file() && f.sharedType()
                && (f.prot & MmapFlags.PROT_WRITE) != 0 && !f.mode.canWrite()),
            new Row("shared on append-only", EACCES, f -> f.file() && f.sharedType() && f.backing.appendOnly()
                && f.mode.canWrite()),
            new Row("fd not readable", EACCES, f -> f.file() && !f.mode.canRead()),
            new Row("exec on noexec", EPERM, f -> f.file() && f.backing.noexecMount()
                && (f.prot & MmapFlags.PROT_EXEC) != 0),
            new Row("no ->mmap", ENODEV, f -> f.file() && !f.backing.hasMmap()),
            new Row("file growsdown", EINVAL, f -> f.file() && f.bit(MmapFlags.MAP_GROWSDOWN)),
            // the anonymous branch
            new Row("anon shared growsdown", EINVAL, f -> !f.file() && f.type == SHARED && f.bit(MmapFlags.MAP_GROWSDOWN)),
            new Row("droppable locked/hugetlb/growsdown", EINVAL, f -> !f.file() && !f.seed && f.type == DROPPABLE
                && f.bit(MmapFlags.MAP_LOCKED | MmapFlags.MAP_HUGETLB | MmapFlags.MAP_GROWSDOWN)),
            new Row("anon: bad map type", EINVAL, f -> !f.file() && f.type != SHARED && f.type != PRIVATE
                && (f.seed || f.type != DROPPABLE)),
            // mmap_region(): the file's hook
            new Row("seed: xfs validate hook", EOPNOTSUPP, f -> f.file() && f.seed && f.type == VALIDATE
                && f.beyondLegacy() != 0 && (f.beyondLegacy() & ~f.backing.mmapValidateFlags()) != 0),
            new Row("hugetlbfs: pgoff beyond loff_t", EINVAL,
                f -> f.hugetlb() && f.pgoff().compareTo(BigInteger.ONE.shiftLeft(51)) >= 0),
            new Row("hugetlbfs: pgoff misaligned", EINVAL,
                f -> f.hugetlb() && !f.off.mod(f.hugePageBytes()).equals(BigInteger.ZERO)),
            new Row("hugetlbfs: end beyond loff_t", EINVAL,
                f -> f.hugetlb() && f.pageLen.add(f.off).compareTo(BigInteger.ONE.shiftLeft(63)) >= 0),
            new Row("hugetlbfs: no pages to reserve", ENOMEM,
                f -> f.hugetlb() && !f.bit(MmapFlags.MAP_NORESERVE) && f.hugePagesShort()),
            new Row("6.x: VM_SYNC without DAX", EOPNOTSUPP, f -> f.file() && !f.seed && !f.hugetlb()
                && f.bit(MmapFlags.MAP_SYNC) && f.backing.mmapRefusesSyncWithoutDax()
                && !(f.backing.dax() && f.backing.daxSynchronous())));

    private MmapDecisionTable() {
    }

    /** {@code "OK"} or the errno name the table gives. */
    static String expect(FlagProfile profile, MmapRequest request, MmapFile file, MmapEnv env) {
        Row row = firstRow(profile, request, file, env);
        return row == null ? "OK" : row.errno().name();
    }

    /** The row that decides, or null for a mapping. */
    static Row firstRow(FlagProfile profile, MmapRequest request, MmapFile file, MmapEnv env) {
        Facts facts = Facts.of(profile, request, file, env);
        for (Row row : ROWS) {
            if (row.when().test(facts)) {
                return row;
            }
        }
        return null;
    }

    private static boolean has(int flags, int mask) {
        return (flags & mask) != 0;
    }

    private static BigInteger unsigned(long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }

    private static BigInteger roundUp(BigInteger value, BigInteger unit) {
        BigInteger rest = value.mod(unit);
        return rest.signum() == 0 ? value : value.add(unit.subtract(rest));
    }
}
