package io.mapdirect.gen;

import io.mapdirect.mm.MmapFlags;
import io.mapdirect.syscalls.FileCalls;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * The argument values generated calls draw from, so that no class of argument is left untouched:
 * byte lengths and offsets are mostly page-aligned but sometimes one of the odd values (0, 1, a
 * page plus one, mid-page, the file's size minus and plus one); fallocate draws every mode
 * {@code vfs_fallocate()} knows and one it refuses; mmap draws every kind of flag combination (the
 * legacy types, MAP_SHARED_VALIDATE alone, with the 0x80000 bit that is MAP_DIRECT in the seed's
 * profile and MAP_SYNC in the merged one, with a bit no profile knows). {@link ArgClass} names the
 * classes; {@link GeneratorCoverage} counts which ones a stream of cases reaches.
 */
final class ArgValues {
    /** The size in bytes of the generated files {@code f} and {@code /plain/h}: four blocks. */
    static final long FILE_BYTES = 4 * CaseGen.PAGE;
    /** The odd byte values: zero, one, a page plus one, mid-page, the file's size minus and plus one. */
    static final List<Long> ODD_BYTES = List.of(0L, 1L, CaseGen.PAGE + 1, 6000L, FILE_BYTES - 1, FILE_BYTES + 1);
    /** A mmap flag bit neither profile knows (not in either LEGACY_MAP_MASK, no file supports it). */
    static final int UNKNOWN_MAP_BIT = 0x800000;
    /** The 0x80000 bit: MAP_DIRECT in the seed's profile, MAP_SYNC in the merged one (spec §2.5). */
    static final int DIRECT_OR_SYNC = MmapFlags.MAP_DIRECT;

    /** Every mmap flag combination class, as flags. */
    static final List<Integer> MAP_FLAG_COMBINATIONS = List.of(MmapFlags.MAP_SHARED, MmapFlags.MAP_PRIVATE,
            MmapFlags.MAP_SHARED_VALIDATE, MmapFlags.MAP_SHARED_VALIDATE | DIRECT_OR_SYNC,
            MmapFlags.MAP_SHARED | DIRECT_OR_SYNC, MmapFlags.MAP_SHARED_VALIDATE | UNKNOWN_MAP_BIT,
            MmapFlags.MAP_SHARED | UNKNOWN_MAP_BIT);

    /** The fallocate modes the breaker used before: allocate, keep size, punch, zero range, collapse. */
    private static final List<Integer> COMMON_FALLOC_MODES = List.of(FileCalls.FALLOC_FL_PUNCH_HOLE
            | FileCalls.FALLOC_FL_KEEP_SIZE, 0, FileCalls.FALLOC_FL_ZERO_RANGE, FileCalls.FALLOC_FL_COLLAPSE_RANGE,
            FileCalls.FALLOC_FL_KEEP_SIZE);
    /** The other modes: zero range keeping the size, insert, unshare, and punch without KEEP_SIZE (refused). */
    private static final List<Integer> RARE_FALLOC_MODES = List.of(FileCalls.FALLOC_FL_ZERO_RANGE
            | FileCalls.FALLOC_FL_KEEP_SIZE, FileCalls.FALLOC_FL_INSERT_RANGE, FileCalls.FALLOC_FL_UNSHARE_RANGE,
            FileCalls.FALLOC_FL_PUNCH_HOLE);

    private ArgValues() {
    }

    /**
     * A byte length or offset: one of {@code aligned} with weight {@code alignedWeight}, else one of
     * {@link #ODD_BYTES} with weight {@code oddWeight}.
     */
    static Arbitrary<Long> bytes(int alignedWeight, int oddWeight, Long... aligned) {
        return Arbitraries.frequencyOf(Tuple.of(alignedWeight, Arbitraries.of(Arrays.asList(aligned))),
                Tuple.of(oddWeight, Arbitraries.of(ODD_BYTES)));
    }

    /** Page-aligned offsets inside f: 0 to 3 pages. */
    static Long[] pageOffsets() {
        return new Long[] {0L, CaseGen.PAGE, 2 * CaseGen.PAGE, 3 * CaseGen.PAGE};
    }

    /** Every fallocate mode, the common ones three times as often as each of the rest. */
    static Arbitrary<Integer> fallocModes() {
        return Arbitraries.frequencyOf(Tuple.of(3 * COMMON_FALLOC_MODES.size(), Arbitraries.of(COMMON_FALLOC_MODES)),
                Tuple.of(RARE_FALLOC_MODES.size(), Arbitraries.of(RARE_FALLOC_MODES)));
    }

    /** Every fallocate mode, in the order the coverage report lists them. */
    static List<Integer> allFallocModes() {
        List<Integer> all = new java.util.ArrayList<>(COMMON_FALLOC_MODES);
        all.addAll(RARE_FALLOC_MODES);
        return all;
    }

    /** Any mmap flag combination, each as likely. */
    static Arbitrary<Integer> anyMapFlags() {
        return Arbitraries.of(MAP_FLAG_COMBINATIONS);
    }
}
