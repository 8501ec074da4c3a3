package io.mapdirect.fs.xfs;

import static io.mapdirect.fs.xfs.BlockMapping.unwritten;
import static io.mapdirect.fs.xfs.BlockMapping.written;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.kernel.Errno;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Edges of {@link ExtentMap}'s queries and guards: the write-path questions of
 * {@code xfs_file_iomap_begin()} ({@code imap_needs_alloc()}, copy-on-write, conversion) at block 0,
 * for ranges with and without holes, and for the ranges the class contract calls empty (negative
 * block or count); {@code endBlock()} and {@code insertRange()} of an empty map; what
 * {@code hasUncommittedChanges()} compares (size and blocks, as XFS logs {@code di_size} with the
 * extents); and the -EINVAL guard of the mutators.
 */
class ExtentMapEdgesTest {
    private final BlockAllocator allocator = new BlockAllocator(16);
    private final ExtentMap f = new ExtentMap(allocator, "f");
    private final ExtentMap g = new ExtentMap(allocator, "g");

    /** f: block 0 written, block 1 unwritten (fallocate), block 2 a hole, block 3 written. */
    private void mixedFile() {
        assertThat(f.writeAllocate(0, 1).isOk()).isTrue();
        assertThat(f.preallocate(1, 1).isOk()).isTrue();
        assertThat(f.writeAllocate(3, 1).isOk()).isTrue();
    }

    // ------------------------------------------------------------ write questions at block 0

    @Test
    @DisplayName("imap_needs_alloc: a write to a hole at block 0 allocates and changes the block map")
    void writeIntoAHoleAtBlockZeroAllocates() {
        assertThat(f.writeAllocatesOrConverts(0, 1)).isTrue();
        assertThat(f.writeNeedsBlockMapChange(0, 1)).isTrue();
        assertThat(f.writeCopiesOnWrite(0, 1)).isFalse();
        assertThat(f.isFullyWritten(0, 1)).isFalse();
    }

    @Test
    @DisplayName("xfs_iomap_write_unwritten: a write to an unwritten block converts it (no hole needed)")
    void writeToAnUnwrittenBlockConverts() {
        mixedFile();
        assertThat(f.writeAllocatesOrConverts(1, 1)).isTrue();
        assertThat(f.writeAllocatesOrConverts(0, 2)).isTrue();
        assertThat(f.writeNeedsBlockMapChange(1, 1)).isTrue();
    }

    @Test
    @DisplayName("a write over written, unshared blocks neither allocates, converts nor copies")
    void writeOverWrittenBlocksChangesNothing() {
        mixedFile();
        assertThat(f.writeAllocatesOrConverts(0, 1)).isFalse();
        assertThat(f.writeAllocatesOrConverts(3, 1)).isFalse();
        assertThat(f.writeNeedsBlockMapChange(0, 1)).isFalse();
        assertThat(f.writeCopiesOnWrite(0, 1)).isFalse();
        assertThat(f.isFullyWritten(0, 1)).isTrue();
        // a range with a hole in its middle allocates
        assertThat(f.writeAllocatesOrConverts(2, 2)).isTrue();
        assertThat(f.writeAllocatesOrConverts(3, 2)).isTrue();
    }

    @Test
    @DisplayName("xfs_reflink_allocate_cow: a write to a reflinked block at block 0 copies it on write")
    void writeToASharedBlockAtBlockZeroCopiesOnWrite() {
        mixedFile();
        assertThat(ExtentMap.reflinkRange(f, 0, g, 0, 1).rc()).isZero();
        assertThat(f.writeCopiesOnWrite(0, 1)).isTrue();
        assertThat(g.writeCopiesOnWrite(0, 1)).isTrue();
        assertThat(f.writeCopiesOnWrite(0, 4)).isTrue();
        assertThat(f.writeCopiesOnWrite(1, 3)).isFalse();
        // a shared block needs no allocation or conversion, but it does change the block map
        assertThat(g.writeAllocatesOrConverts(0, 1)).isFalse();
        assertThat(g.writeNeedsBlockMapChange(0, 1)).isTrue();
        assertThat(g.isFullyWritten(0, 1)).isTrue();
    }

    // ------------------------------------------------------------ empty query ranges (class contract)

    @Test
    @DisplayName("queries treat a range with a negative block or count as empty: nothing to allocate, copy or change")
    void invalidQueryRangesAreEmpty() {
        mixedFile();
        assertThat(ExtentMap.reflinkRange(f, 0, g, 0, 1).rc()).isZero();
        for (ExtentMap map : new ExtentMap[] {f, g}) {
            // [-1, 1): would reach shared block 0 and holes if the negative block were not refused
            assertThat(map.writeAllocatesOrConverts(-1, 2)).isFalse();
            assertThat(map.writeCopiesOnWrite(-1, 2)).isFalse();
            assertThat(map.writeNeedsBlockMapChange(-1, 2)).isFalse();
            assertThat(map.isFullyWritten(-1, 2)).isTrue();
            assertThat(map.writeAllocatesOrConverts(-1, 1)).isFalse();
            assertThat(map.writeCopiesOnWrite(-1, 1)).isFalse();
            // negative and zero counts
            assertThat(map.writeAllocatesOrConverts(0, -1)).isFalse();
            assertThat(map.writeCopiesOnWrite(0, -1)).isFalse();
            assertThat(map.writeNeedsBlockMapChange(0, -1)).isFalse();
            assertThat(map.isFullyWritten(0, -1)).isTrue();
            assertThat(map.writeAllocatesOrConverts(2, 0)).isFalse();
            assertThat(map.writeNeedsBlockMapChange(2, 0)).isFalse();
            assertThat(map.isFullyWritten(2, 0)).isTrue();
        }
    }

    @Test
    @DisplayName("a query range whose end overflows is cut at Long.MAX_VALUE: the holes up there still need allocation")
    void overflowingQueryRangeSaturates() {
        mixedFile();
        assertThat(f.writeAllocatesOrConverts(3, Long.MAX_VALUE)).isTrue();
        assertThat(f.writeNeedsBlockMapChange(3, Long.MAX_VALUE)).isTrue();
        assertThat(f.isFullyWritten(3, Long.MAX_VALUE)).isFalse();
    }

    // ------------------------------------------------------------ endBlock, insertRange

    @Test
    @DisplayName("an empty map ends at block 0, and inserting into it (even 0 blocks) shifts nothing")
    void emptyMapEndsAtZeroAndInsertIsANoOp() {
        assertThat(f.endBlock()).isZero();
        BlockMapUpdate update = f.insertRange(0, 0);
        assertThat(update.rc()).isZero();
        assertThat(update.changes()).isEmpty();
        assertThat(f.insertRange(0, 3).rc()).isZero();
        assertThat(f.mappedBlockCount()).isZero();
    }

    @Test
    @DisplayName("xfs_insert_file_space: a shift by more than the file's length is fine while the end does not overflow")
    void insertRangeShiftsByMoreThanTheFileLength() {
        assertThat(f.writeAllocate(0, 1).isOk()).isTrue();
        BlockMapping block = f.lookup(0);
        BlockMapUpdate update = f.insertRange(0, 3);
        assertThat(update.rc()).isZero();
        assertThat(f.lookup(0)).isNull();
        assertThat(f.lookup(3)).isEqualTo(block);
        assertThat(f.endBlock()).isEqualTo(4);
    }

    @Test
    @DisplayName("insertRange: EINVAL when the last block would be shifted past Long.MAX_VALUE (the map unchanged)")
    void insertRangeRefusesAnOverflowingShift() {
        assertThat(f.writeAllocate(10, 1).isOk()).isTrue();
        assertThat(f.insertRange(0, Long.MAX_VALUE - 5).rc()).isEqualTo(Errno.EINVAL.negative());
        assertThat(f.lookup(10)).isNotNull();
    }

    // ------------------------------------------------------------ mutator guard

    @Test
    @DisplayName("mutators answer EINVAL for a negative block, a negative count or an end that overflows")
    void mutatorsRefuseInvalidRanges() {
        mixedFile();
        int einval = Errno.EINVAL.negative();
        for (long[] range : new long[][] {{-1, 1}, {-1, 2}, {5, -1}, {1, -1}, {1, Long.MAX_VALUE}}) {
            long first = range[0];
            long count = range[1];
            assertThat(f.punchHole(first, count).rc()).as("punch %s", java.util.Arrays.toString(range)).isEqualTo(einval);
            assertThat(f.convertUnwritten(first, count).rc()).isEqualTo(einval);
            assertThat(f.zeroRange(first, count).rc()).isEqualTo(einval);
            assertThat(f.prepareWrite(first, count).rc()).isEqualTo(einval);
            assertThat(f.writeAllocate(first, count).rc()).isEqualTo(einval);
            assertThat(f.collapseRange(first, count).rc()).isEqualTo(einval);
            assertThat(f.insertRange(first, count).rc()).isEqualTo(einval);
        }
        assertThat(f.mappings()).extracting(MappedBlock::mapping)
                .containsExactly(written(0), unwritten(1), written(2));
    }

    // ------------------------------------------------------------ uncommitted changes

    @Test
    @DisplayName("a fresh map has nothing to commit; a size change alone, or a block change alone, is uncommitted")
    void uncommittedChangesCoverSizeAndBlocks() {
        assertThat(f.hasUncommittedChanges()).isFalse();
        f.setSizeBytes(ExtentMap.BLOCK_SIZE_BYTES);
        assertThat(f.hasUncommittedChanges()).isTrue();
        f.commit();
        assertThat(f.hasUncommittedChanges()).isFalse();
        assertThat(f.writeAllocate(0, 1).isOk()).isTrue();
        assertThat(f.sizeBytes()).isEqualTo(f.durableSizeBytes());
        assertThat(f.hasUncommittedChanges()).isTrue();
        f.commit();
        assertThat(f.hasUncommittedChanges()).isFalse();
    }
}
