package io.mapdirect.live.xfs;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generated block-map sequences over one to three files. Offsets are block multiples below 12 blocks and
 * lengths one to four blocks, so no file passes 64 KiB by a write (XFS preallocates beyond EOF only for
 * files of 64 KiB and more). Writes are block-aligned; truncates take aligned and half-block sizes;
 * fallocate takes every mode with aligned ranges, and unaligned ones (a half block more) for allocate,
 * KEEP_SIZE, COLLAPSE_RANGE and INSERT_RANGE; FICLONERANGE takes aligned, unaligned and to-EOF ranges.
 */
final class XfsSequences {
    private static final long BLOCK = XfsStep.BLOCK_BYTES;
    private static final long HALF = BLOCK / 2;

    /** A sequence: how many files, and the calls. */
    record Sequence(int fileCount, List<XfsOp> ops) {
        @Override
        public String toString() {
            return fileCount + " files: " + XfsOp.text(ops);
        }
    }

    private XfsSequences() {
    }

    static Arbitrary<Sequence> sequences(int maxCalls) {
        return Arbitraries.integers().between(1, 3).flatMap(n -> calls(n).list().ofMinSize(1).ofMaxSize(maxCalls)
                .map(ops -> new Sequence(n, ops)));
    }

    static Arbitrary<XfsOp> calls(int fileCount) {
        Arbitrary<Integer> file = Arbitraries.integers().between(0, fileCount - 1);
        Arbitrary<Long> offset = Arbitraries.longs().between(0, 11).map(b -> b * BLOCK);
        Arbitrary<Long> length = Arbitraries.longs().between(1, 4).map(b -> b * BLOCK);
        Arbitrary<Long> size = Combinators.combine(Arbitraries.longs().between(0, 15), Arbitraries.of(0L, 0L, HALF))
                .as((b, extra) -> b * BLOCK + extra);
        Arbitrary<XfsOp> pwrite = Combinators.combine(file, offset, length).as(XfsOp.Pwrite::new);
        Arbitrary<XfsOp> truncate = Combinators.combine(file, size).as(XfsOp.Truncate::new);
        Arbitrary<XfsOp> ftruncate = Combinators.combine(file, size).as(XfsOp.Ftruncate::new);
        Arbitrary<XfsOp> ficlone = Combinators.combine(file, file).as(XfsOp.Ficlone::new);
        Arbitrary<Long> cloneLength = Arbitraries.frequencyOf(Tuple.of(4, length), Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(1, length.map(l -> l - HALF)));
        Arbitrary<XfsOp> ficloneRange = Combinators.combine(file, file, maybeUnaligned(offset), cloneLength, offset)
                .as(XfsOp.FicloneRange::new);
        Arbitrary<XfsOp> fsync = file.map(XfsOp.Fsync::new);
        return Arbitraries.frequencyOf(Tuple.of(6, pwrite), Tuple.of(8, fallocate(file, offset, length)),
                Tuple.of(2, truncate), Tuple.of(2, ftruncate), Tuple.of(2, ficlone), Tuple.of(3, ficloneRange),
                Tuple.of(2, fsync));
    }

    private static Arbitrary<XfsOp> fallocate(Arbitrary<Integer> file, Arbitrary<Long> offset, Arbitrary<Long> length) {
        int keep = 0x01;
        int punch = 0x02;
        int collapse = 0x08;
        int zero = 0x10;
        int insert = 0x20;
        Arbitrary<Integer> aligned = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(keep | punch)),
                Tuple.of(2, Arbitraries.just(zero)), Tuple.of(1, Arbitraries.just(zero | keep)),
                Tuple.of(1, Arbitraries.just(punch)), Tuple.of(1, Arbitraries.just(collapse | keep)),
                Tuple.of(1, Arbitraries.just(punch | zero | keep)));
        Arbitrary<Integer> anyRange = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(2, Arbitraries.just(keep)), Tuple.of(3, Arbitraries.just(collapse)),
                Tuple.of(3, Arbitraries.just(insert)));
        Arbitrary<XfsOp> alignedCalls = Combinators.combine(file, aligned, offset, length).as(XfsOp.Fallocate::new);
        Arbitrary<XfsOp> anyCalls = Combinators.combine(file, anyRange, maybeUnaligned(offset), maybeUnaligned(length))
                .as(XfsOp.Fallocate::new);
        return Arbitraries.frequencyOf(Tuple.of(1, alignedCalls), Tuple.of(1, anyCalls));
    }

    /** One in five a half block off. */
    private static Arbitrary<Long> maybeUnaligned(Arbitrary<Long> bytes) {
        return Combinators.combine(bytes, Arbitraries.of(0L, 0L, 0L, 0L, HALF)).as(Long::sum);
    }
}
