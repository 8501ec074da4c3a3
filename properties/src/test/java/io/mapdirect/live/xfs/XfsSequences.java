package io.mapdirect.live.xfs;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Generated block-map sequences over one to three files. Offsets are block multiples below 12 blocks and
 * lengths one to four blocks, so no file passes 64 KiB by a write (XFS preallocates beyond EOF only for
 * files of 64 KiB and more). Writes are block-aligned; truncates take aligned and half-block sizes;
 * fallocate takes every mode with aligned ranges, and unaligned ones (a half block more) for allocate,
 * KEEP_SIZE, COLLAPSE_RANGE and INSERT_RANGE; FICLONERANGE takes aligned, unaligned and to-EOF ranges
 * from the first four blocks of the source.
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

    /**
     * Two or three files four times in five; half the sequences start with data in f0 (a write of one to
     * four blocks), so that reflinks have written blocks to share; lengths uniform up to {@code maxCalls}.
     */
    static Arbitrary<Sequence> sequences(int maxCalls) {
        Arbitrary<Integer> fileCount = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(1)),
                Tuple.of(2, Arbitraries.just(2)), Tuple.of(2, Arbitraries.just(3)));
        Arbitrary<List<XfsOp>> prefix = Arbitraries.oneOf(Arbitraries.just(List.of()),
                Arbitraries.longs().between(1, 4).map(b -> List.of(new XfsOp.Pwrite(0, 0, b * BLOCK))));
        Arbitrary<List<XfsOp>> rest = calls(3).list().ofMinSize(1).ofMaxSize(maxCalls)
                .withSizeDistribution(RandomDistribution.uniform());
        return Combinators.combine(fileCount, prefix, rest).as((n, first, calls) -> {
            List<XfsOp> ops = new java.util.ArrayList<>(first);
            calls.forEach(call -> ops.add(call.onFiles(n)));
            return new Sequence(n, ops);
        });
    }

    /** Calls on files {@code f0..f<fileCount-1>}; a sequence of fewer files takes the indices modulo its count. */
    static Arbitrary<XfsOp> calls(int fileCount) {
        Arbitrary<Integer> file = Arbitraries.integers().between(0, fileCount - 1);
        Arbitrary<Long> offset = Arbitraries.longs().between(0, 11).map(b -> b * BLOCK);
        Arbitrary<Long> length = Arbitraries.longs().between(1, 4).map(b -> b * BLOCK);
        Arbitrary<Long> size = Combinators.combine(Arbitraries.longs().between(0, 15), Arbitraries.of(0L, 0L, HALF))
                .as((b, extra) -> b * BLOCK + extra);
        Arbitrary<XfsOp> pwrite = Combinators.combine(file, offset, length).as(XfsOp.Pwrite::new);
        Arbitrary<XfsOp> truncate = Combinators.combine(file, size).as(XfsOp.Truncate::new);
        Arbitrary<XfsOp> ftruncate = Combinators.combine(file, size).as(XfsOp.Ftruncate::new);
        // the destination is another file four times in five (the same file when there is only one)
        // and the source is f0, which often starts with data, two times in three
        Arbitrary<Integer> shift = Arbitraries.of(1, 1, 1, 1, 0);
        Arbitrary<Integer> source = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0)), Tuple.of(1, file));
        Arbitrary<XfsOp> ficlone = Combinators.combine(source, shift)
                .as((src, d) -> new XfsOp.Ficlone((src + d) % fileCount, src));
        Arbitrary<Long> cloneLength = Arbitraries.frequencyOf(Tuple.of(4, length), Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(1, length.map(l -> l - HALF)));
        Arbitrary<Long> sourceOffset = maybeUnaligned(Arbitraries.longs().between(0, 3).map(b -> b * BLOCK));
        Arbitrary<XfsOp> ficloneRange = Combinators.combine(source, shift, sourceOffset, cloneLength, offset)
                .as((src, d, srcOff, len, destOff) -> new XfsOp.FicloneRange((src + d) % fileCount, src, srcOff, len,
                        destOff));
        Arbitrary<XfsOp> fsync = file.map(XfsOp.Fsync::new);
        return Arbitraries.frequencyOf(Tuple.of(6, pwrite), Tuple.of(8, fallocate(file, offset, length)),
                Tuple.of(2, truncate), Tuple.of(2, ftruncate), Tuple.of(3, ficlone), Tuple.of(4, ficloneRange),
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
