package io.mapdirect.fs.xfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * spec §2.3 / NO_LEAK: ExtentMap + BlockAllocator against {@link ArrayBlockMapModel} under random
 * operation sequences over two files. After every operation: the same mappings (current and
 * durable) and sizes as the model, the same free list order and reference counts, exact accounting
 * (free + referenced = N, refcount = references across maps, shared flags where refcount > 1), and
 * change lists (returned and sunk) that are exactly the differences of each map.
 */
class ExtentMapProperties {
    static final int PMEM_BLOCKS = 10;
    static final int FILE_BLOCKS = 12;
    static final int FILES = 2;

    enum Kind { WRITE_ALLOCATE, PREPARE_WRITE, CONVERT, PREALLOCATE, PUNCH, ZERO, COLLAPSE, TRUNCATE, REFLINK, COW,
        COMMIT, CRASH, SET_SIZE }

    /** One operation; {@code failAt} is the allocation of this operation that the fault hook fails (0: none). */
    record Op(Kind kind, int file, int first, int count, int otherFile, int otherFirst, int failAt) {
        int clippedCount() {
            return Math.min(count, FILE_BLOCKS - first);
        }

        int reflinkCount() {
            return Math.min(clippedCount(), FILE_BLOCKS - otherFirst);
        }
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(Kind.WRITE_ALLOCATE)), Tuple.of(4, Arbitraries.just(Kind.PREPARE_WRITE)),
                Tuple.of(2, Arbitraries.just(Kind.CONVERT)), Tuple.of(4, Arbitraries.just(Kind.PREALLOCATE)),
                Tuple.of(3, Arbitraries.just(Kind.PUNCH)), Tuple.of(2, Arbitraries.just(Kind.ZERO)),
                Tuple.of(2, Arbitraries.just(Kind.COLLAPSE)), Tuple.of(2, Arbitraries.just(Kind.TRUNCATE)),
                Tuple.of(4, Arbitraries.just(Kind.REFLINK)), Tuple.of(3, Arbitraries.just(Kind.COW)),
                Tuple.of(3, Arbitraries.just(Kind.COMMIT)), Tuple.of(1, Arbitraries.just(Kind.CRASH)),
                Tuple.of(1, Arbitraries.just(Kind.SET_SIZE)));
        Arbitrary<Integer> file = Arbitraries.integers().between(0, FILES - 1);
        Arbitrary<Integer> block = Arbitraries.integers().between(0, FILE_BLOCKS - 1);
        Arbitrary<Integer> count = Arbitraries.integers().between(0, 6);
        Arbitrary<Integer> failAt = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(0)), Tuple.of(2, Arbitraries.integers().between(1, 3)));
        Arbitrary<Op> op = Combinators.combine(kinds, file, block, count, file, block, failAt).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE, seed = "20171006")
    @Label("ExtentMap + BlockAllocator agree with the array model after every operation; changes are exact")
    void agreesWithArrayModel(@ForAll("operations") List<Op> ops) {
        BlockAllocator allocator = new BlockAllocator(PMEM_BLOCKS);
        ArrayBlockMapModel model = new ArrayBlockMapModel(PMEM_BLOCKS, FILES, FILE_BLOCKS);
        List<ExtentMap> maps = new ArrayList<>();
        List<List<BlockMapChange>> sunk = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            ExtentMap map = new ExtentMap(allocator, "file" + i);
            List<BlockMapChange> sink = new ArrayList<>();
            map.setChangeSink(sink::add);
            maps.add(map);
            sunk.add(sink);
        }
        int[] allocCalls = {0};
        int[] failAt = {0};
        allocator.setFailureInjection(() -> ++allocCalls[0] == failAt[0]);

        for (int step = 0; step < ops.size(); step++) {
            Op op = ops.get(step);
            String where = "step " + step + " " + op;
            List<List<MappedBlock>> before = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                before.add(maps.get(i).mappings());
                sunk.get(i).clear();
            }
            allocCalls[0] = 0;
            failAt[0] = op.failAt();
            model.beginOperation(op.failAt());

            List<List<BlockMapChange>> returned = apply(op, maps, allocator, model, where);

            checkSameState(maps, allocator, model, where);
            collectStatistics(op, returned, allocator);
            for (int i = 0; i < FILES; i++) {
                List<BlockMapChange> expected = diff(before.get(i), maps.get(i).mappings());
                assertThat(returned.get(i)).as(where + ": returned changes of file" + i).isEqualTo(expected);
                assertThat(sunk.get(i)).as(where + ": sunk changes of file" + i).isEqualTo(expected);
            }
        }
        Statistics.label("forced commits").collect(allocator.forcedCommits() > 0);
        Statistics.label("forced commits").coverage(coverage -> coverage.check(true).percentage(p -> p > 5));
        Statistics.label("pmem full").coverage(coverage -> coverage.check(true).percentage(p -> p > 5));
        Statistics.label("operation changed a map").coverage(coverage -> {
            for (Kind kind : List.of(Kind.COW, Kind.CONVERT, Kind.CRASH, Kind.COLLAPSE, Kind.ZERO, Kind.REFLINK)) {
                coverage.check(kind, true).count(c -> c > 10);
            }
        });
    }

    private static void collectStatistics(Op op, List<List<BlockMapChange>> returned, BlockAllocator allocator) {
        boolean changed = returned.stream().anyMatch(list -> !list.isEmpty());
        Statistics.label("operation changed a map").collect(op.kind(), changed);
        Statistics.label("pmem full").collect(allocator.freeCount() == 0);
    }

    /** Runs {@code op} on both sides, checks the return codes agree, and returns the changes reported per file. */
    private static List<List<BlockMapChange>> apply(Op op, List<ExtentMap> maps, BlockAllocator allocator,
                                                    ArrayBlockMapModel model, String where) {
        List<List<BlockMapChange>> changes = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            changes.add(List.of());
        }
        ExtentMap map = maps.get(op.file());
        int f = op.file();
        int first = op.first();
        int count = op.clippedCount();
        BlockMapUpdate update = null;
        int expectedRc = 0;
        switch (op.kind()) {
            case WRITE_ALLOCATE -> {
                update = map.writeAllocate(first, count);
                expectedRc = model.writeAllocate(f, first, count, ExtentState.WRITTEN);
            }
            case PREPARE_WRITE -> {
                update = map.prepareWrite(first, count);
                expectedRc = model.prepareWrite(f, first, count);
            }
            case CONVERT -> {
                update = map.convertUnwritten(first, count);
                expectedRc = model.convert(f, first, count);
            }
            case PREALLOCATE -> {
                update = map.preallocate(first, count);
                expectedRc = model.writeAllocate(f, first, count, ExtentState.UNWRITTEN);
            }
            case PUNCH -> {
                update = map.punchHole(first, count);
                expectedRc = model.punch(f, first, count);
            }
            case ZERO -> {
                update = map.zeroRange(first, count);
                expectedRc = model.zero(f, first, count);
            }
            case COLLAPSE -> {
                update = map.collapseRange(first, count);
                expectedRc = model.collapse(f, first, count);
            }
            case TRUNCATE -> {
                update = map.truncateBlocks(first);
                expectedRc = model.truncate(f, first);
            }
            case COW -> {
                long target = sharedBlockOrElse(map, first);
                update = map.copyOnWrite(target);
                expectedRc = model.copyOnWrite(f, (int) target);
            }
            case REFLINK -> {
                int n = op.reflinkCount();
                ReflinkUpdate reflink = ExtentMap.reflinkRange(map, first, maps.get(op.otherFile()), op.otherFirst(), n);
                int rc = model.reflink(f, first, op.otherFile(), op.otherFirst(), n);
                assertThat(reflink.rc()).as(where + ": rc").isEqualTo(rc);
                changes.set(op.otherFile(), reflink.destChanges());
                if (op.otherFile() != f) {
                    changes.set(f, reflink.sourceChanges());
                } else {
                    assertThat(reflink.sourceChanges()).as(where + ": same-map source changes").isEmpty();
                }
                return changes;
            }
            case COMMIT -> {
                map.commit();
                model.commit(f);
                assertThat(map.hasUncommittedChanges()).as(where).isFalse();
                return changes;
            }
            case CRASH -> {
                boolean[] flaggedShared = durablySharedBlocks(maps);
                List<BlockMapUpdate> updates = BlockMapRecovery.crashAndRecover(allocator, maps);
                for (int block = 0; block < PMEM_BLOCKS; block++) {
                    assertThat(allocator.refcount(block) <= 1 || flaggedShared[block])
                            .as(where + ": pmem " + block + " came back in two files but no durable map had it shared")
                            .isTrue();
                }
                model.crash();
                for (int i = 0; i < FILES; i++) {
                    assertThat(updates.get(i).isOk()).isTrue();
                    changes.set(i, updates.get(i).changes());
                    assertThat(maps.get(i).hasUncommittedChanges()).as(where).isFalse();
                }
                return changes;
            }
            case SET_SIZE -> {
                long bytes = (long) first * 3000;
                assertThat(map.setSizeBytes(bytes)).isZero();
                model.size[f] = bytes;
                return changes;
            }
            default -> throw new IllegalStateException("unknown op " + op);
        }
        assertThat(update.rc()).as(where + ": rc").isEqualTo(expectedRc);
        changes.set(f, update.changes());
        return changes;
    }

    /** Mostly aims copy-on-write at a shared block: the {@code index}-th (modulo) shared one, if any. */
    private static long sharedBlockOrElse(ExtentMap map, int index) {
        List<Long> shared = new ArrayList<>();
        for (MappedBlock entry : map.mappings()) {
            if (entry.mapping().shared()) {
                shared.add(entry.fileBlock());
            }
        }
        return shared.isEmpty() || index == 0 ? index : shared.get(index % shared.size());
    }

    private static void checkSameState(List<ExtentMap> maps, BlockAllocator allocator, ArrayBlockMapModel model,
                                       String where) {
        for (int i = 0; i < FILES; i++) {
            ExtentMap map = maps.get(i);
            int mapped = 0;
            for (int fb = 0; fb < FILE_BLOCKS; fb++) {
                assertThat(map.lookup(fb)).as(where + ": file" + i + " fb " + fb).isEqualTo(model.current[i][fb]);
                assertThat(map.durableLookup(fb)).as(where + ": durable file" + i + " fb " + fb)
                        .isEqualTo(model.durable[i][fb]);
                assertThat(map.writeNeed(fb).changesBlockMap())
                        .isEqualTo(map.writeNeedsBlockMapChange(fb, 1));
                mapped += model.current[i][fb] == null ? 0 : 1;
            }
            assertThat(map.mappedBlockCount()).as(where + ": no block outside the file").isEqualTo(mapped);
            assertThat(map.sizeBytes()).as(where).isEqualTo(model.size[i]);
            assertThat(map.durableSizeBytes()).as(where).isEqualTo(model.durableSize[i]);
        }
        assertThat(allocator.freeBlocksInAllocationOrder()).as(where + ": free list, next first")
                .isEqualTo(reversed(model.free));
        assertThat(allocator.forcedCommits()).as(where + ": forced commits").isEqualTo(model.forcedCommits);
        int referenced = 0;
        for (int block = 0; block < PMEM_BLOCKS; block++) {
            int references = 0;
            for (ExtentMap map : maps) {
                for (MappedBlock entry : map.mappings()) {
                    references += entry.mapping().pmemBlock() == block ? 1 : 0;
                }
            }
            assertThat(allocator.refcount(block)).as(where + ": refcount of pmem " + block).isEqualTo(references)
                    .isEqualTo(model.refcount[block]);
            assertThat(allocator.isFree(block)).isEqualTo(references == 0);
            referenced += references > 0 ? 1 : 0;
        }
        assertThat(allocator.freeCount() + referenced).as(where + ": free + referenced = N").isEqualTo(PMEM_BLOCKS);
        assertThat(allocator.accountingErrors(maps)).as(where).isEmpty();
    }

    /**
     * Which blocks some durable map holds as shared. After a crash a block may have several owners
     * only if it was reflinked, so one of its durable mappings carries the flag; a block in two
     * durable maps without it was reused before its free was durable (the busy-block rule broken).
     */
    private static boolean[] durablySharedBlocks(List<ExtentMap> maps) {
        boolean[] shared = new boolean[PMEM_BLOCKS];
        for (ExtentMap map : maps) {
            for (MappedBlock entry : map.durableMappings()) {
                shared[entry.mapping().pmemBlock()] |= entry.mapping().shared();
            }
        }
        return shared;
    }

    /** The per-block differences between two snapshots of one map, in file-block order. */
    static List<BlockMapChange> diff(List<MappedBlock> before, List<MappedBlock> after) {
        List<BlockMapChange> changes = new ArrayList<>();
        for (int fb = 0; fb < FILE_BLOCKS; fb++) {
            BlockMapping was = find(before, fb);
            BlockMapping is = find(after, fb);
            if (!Objects.equals(was, is)) {
                changes.add(new BlockMapChange(fb, was, is));
            }
        }
        return changes;
    }

    private static BlockMapping find(List<MappedBlock> mappings, long fileBlock) {
        for (MappedBlock entry : mappings) {
            if (entry.fileBlock() == fileBlock) {
                return entry.mapping();
            }
        }
        return null;
    }

    private static List<Integer> reversed(List<Integer> list) {
        List<Integer> result = new ArrayList<>(list);
        Collections.reverse(result);
        return result;
    }
}
