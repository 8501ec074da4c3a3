package io.mapdirect.fs.xfs;

import static io.mapdirect.fs.xfs.BlockMapping.unwritten;
import static io.mapdirect.fs.xfs.BlockMapping.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.kernel.Errno;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExtentMapTest {
    private final BlockAllocator allocator = new BlockAllocator(16);
    private final ExtentMap f = new ExtentMap(allocator, "f");
    private final ExtentMap g = new ExtentMap(allocator, "g");

    private static BlockMapChange change(long fileBlock, BlockMapping before, BlockMapping after) {
        return new BlockMapChange(fileBlock, before, after);
    }

    private static BlockMapping shared(BlockMapping mapping) {
        return mapping.withShared(true);
    }

    /** the scenarios' default file: 4 blocks, every block WRITTEN (pmem 0-3), committed. */
    private void fourWrittenBlocks(ExtentMap map) {
        assertThat(map.writeAllocate(0, 4).isOk()).isTrue();
        map.setSizeBytes(4 * ExtentMap.BLOCK_SIZE_BYTES);
        map.commit();
    }

    @Test
    @DisplayName("S5: a hole needs allocation, an unwritten block conversion, written blocks nothing")
    void s5HoleAndUnwrittenBlocksNeedBlockMapChanges() {
        f.writeAllocate(0, 2);
        f.preallocate(3, 1);
        assertThat(f.lookup(2)).isNull();
        assertThat(f.lookup(3)).isEqualTo(unwritten(2));

        assertThat(f.writeNeed(0)).isEqualTo(WriteNeed.NONE);
        assertThat(f.writeNeed(2)).isEqualTo(WriteNeed.ALLOCATE);
        assertThat(f.writeNeed(3)).isEqualTo(WriteNeed.CONVERT);
        assertThat(f.writeNeed(3).changesBlockMap()).isTrue();
        assertThat(f.writeNeedsBlockMapChange(0, 2)).isFalse();
        assertThat(f.writeNeedsBlockMapChange(2, 1)).isTrue();
        assertThat(f.writeNeedsBlockMapChange(3, 1)).isTrue();
        assertThat(f.writeNeedsBlockMapChange(0, 4)).isTrue();
        assertThat(f.isFullyWritten(0, 2)).isTrue();
        assertThat(f.isFullyWritten(0, 4)).isFalse();
        assertThat(f.isFullyWritten(3, 1)).isFalse();
        assertThat(f.hasSharedBlocks()).isFalse();
    }

    @Test
    @DisplayName("S5, after the lease is gone: a write allocates the hole WRITTEN and converts the unwritten block")
    void s5PrepareWriteAllocatesAndConverts() {
        f.writeAllocate(0, 2);
        f.preallocate(3, 1);
        BlockMapUpdate update = f.prepareWrite(0, 4);
        assertThat(update.isOk()).isTrue();
        assertThat(update.changes()).containsExactly(
                change(2, null, written(3)),
                change(3, unwritten(2), written(2)));
        assertThat(update.changes()).extracting(BlockMapChange::kind)
                .containsExactly(BlockMapChange.Kind.ALLOCATE, BlockMapChange.Kind.CONVERT);
        assertThat(f.isFullyWritten(0, 4)).isTrue();
        assertThat(f.prepareWrite(0, 4).changes()).isEmpty();
    }

    @Test
    @DisplayName("fallocate: new blocks UNWRITTEN, existing blocks untouched; ENOSPC keeps the blocks already allocated")
    void preallocateLeavesMappedBlocksAndStopsAtEnospc() {
        BlockAllocator small = new BlockAllocator(3);
        ExtentMap map = new ExtentMap(small, "small");
        map.writeAllocate(1, 1);
        BlockMapUpdate update = map.preallocate(0, 4);
        assertThat(update.rc()).isEqualTo(Errno.ENOSPC.negative());
        assertThat(update.errno()).isEqualTo(Errno.ENOSPC);
        assertThat(update.changes()).containsExactly(change(0, null, unwritten(1)), change(2, null, unwritten(2)));
        assertThat(map.lookup(1)).isEqualTo(written(0));
        assertThat(map.lookup(3)).isNull();
        assertThat(small.freeCount()).isZero();
    }

    @Test
    @DisplayName("S6: FICLONE shares every block: both files reflinked, refcount 2, a write needs copy-on-write")
    void s6ReflinkSharesBlocks() {
        fourWrittenBlocks(f);
        ReflinkUpdate update = ExtentMap.cloneFile(f, g);
        assertThat(update.isOk()).isTrue();
        assertThat(update.sourceChanges()).hasSize(4)
                .allSatisfy(c -> assertThat(c.kind()).isEqualTo(BlockMapChange.Kind.SHARE_FLAG));
        assertThat(update.destChanges()).containsExactly(
                change(0, null, shared(written(0))), change(1, null, shared(written(1))),
                change(2, null, shared(written(2))), change(3, null, shared(written(3))));
        assertThat(f.hasSharedBlocks()).isTrue();
        assertThat(g.hasSharedBlocks()).isTrue();
        for (int block = 0; block < 4; block++) {
            assertThat(allocator.refcount(block)).isEqualTo(2);
        }
        assertThat(f.isFullyWritten(0, 4)).isTrue();
        assertThat(f.writeNeed(0)).isEqualTo(WriteNeed.COPY_ON_WRITE);
        assertThat(f.writeNeedsBlockMapChange(0, 4)).isTrue();
        assertThat(allocator.accountingErrors(List.of(f, g))).isEmpty();
    }

    @Test
    @DisplayName("Reflink over mapped destination blocks drops their references; a source hole punches the destination")
    void reflinkReplacesDestinationBlocks() {
        f.writeAllocate(0, 1);          // f: pmem 0 at fb 0, fb 1 a hole
        g.writeAllocate(0, 2);          // g: pmem 1, 2
        ReflinkUpdate update = ExtentMap.reflinkRange(f, 0, g, 0, 2);
        assertThat(update.destChanges()).containsExactly(
                change(0, written(1), shared(written(0))), change(1, written(2), null));
        assertThat(allocator.isFree(1)).isTrue();
        assertThat(allocator.isFree(2)).isTrue();
        assertThat(allocator.refcount(0)).isEqualTo(2);
        assertThat(allocator.accountingErrors(List.of(f, g))).isEmpty();
    }

    @Test
    @DisplayName("Insert range shifts every block at and after the offset up and reports each move")
    void insertRangeShiftsTheTail() {
        f.writeAllocate(0, 3);
        BlockMapUpdate update = f.insertRange(1, 2);
        assertThat(update.isOk()).isTrue();
        assertThat(f.lookup(0)).isEqualTo(written(0));
        assertThat(f.lookup(1)).isNull();
        assertThat(f.lookup(2)).isNull();
        assertThat(f.lookup(3)).isEqualTo(written(1));
        assertThat(f.lookup(4)).isEqualTo(written(2));
        assertThat(update.changes()).hasSize(4);
        assertThat(f.insertRange(-1, 1).rc()).isEqualTo(Errno.EINVAL.negative());
        assertThat(f.insertRange(0, Long.MAX_VALUE).rc()).isEqualTo(Errno.EINVAL.negative());
        assertThat(allocator.accountingErrors(List.of(f, g))).isEmpty();
    }

    @Test
    @DisplayName("Reflink shares written blocks only: an unwritten source block makes a destination hole (XFS)")
    void reflinkTreatsUnwrittenAsHole() {
        f.preallocate(0, 1);
        g.writeAllocate(5, 1);
        ExtentMap.reflinkRange(f, 0, g, 5, 1);
        assertThat(g.lookup(5)).isNull();
        assertThat(f.lookup(0)).isEqualTo(unwritten(0));
        assertThat(allocator.refcount(0)).isEqualTo(1);
        g.preallocate(6, 1);
        BlockMapping before = g.lookup(6);
        ExtentMap.reflinkRange(f, 0, g, 6, 1);
        assertThat(g.lookup(6)).as("both unwritten: left alone").isEqualTo(before);
        assertThat(allocator.accountingErrors(List.of(f, g))).isEmpty();
    }

    @Test
    @DisplayName("FICLONERANGE within one file: all changes reported as the destination's; overlapping ranges EINVAL")
    void reflinkWithinOneFile() {
        f.writeAllocate(0, 2);
        ReflinkUpdate update = ExtentMap.reflinkRange(f, 0, f, 4, 2);
        assertThat(update.sourceChanges()).isEmpty();
        assertThat(update.destChanges()).containsExactly(
                change(0, written(0), shared(written(0))), change(1, written(1), shared(written(1))),
                change(4, null, shared(written(0))), change(5, null, shared(written(1))));
        assertThat(ExtentMap.reflinkRange(f, 0, f, 1, 2).rc()).isEqualTo(Errno.EINVAL.negative());
        assertThat(ExtentMap.reflinkRange(f, 4, f, 4, 1).isOk()).isFalse();
        f.setSizeBytes(2 * ExtentMap.BLOCK_SIZE_BYTES);
        assertThat(ExtentMap.cloneFile(f, f).rc()).isEqualTo(Errno.EINVAL.negative());
        assertThat(allocator.accountingErrors(List.of(f))).isEmpty();
    }

    @Test
    @DisplayName("Reflink across filesystems is EXDEV; negative ranges EINVAL")
    void reflinkErrors() {
        ExtentMap other = new ExtentMap(new BlockAllocator(4), "other");
        f.writeAllocate(0, 1);
        assertThat(ExtentMap.reflinkRange(f, 0, other, 0, 1).rc()).isEqualTo(Errno.EXDEV.negative());
        assertThat(ExtentMap.reflinkRange(f, -1, g, 0, 1).rc()).isEqualTo(Errno.EINVAL.negative());
        assertThat(ExtentMap.reflinkRange(f, 0, g, 0, -1).rc()).isEqualTo(Errno.EINVAL.negative());
        assertThat(ExtentMap.reflinkRange(f, 0, g, Long.MAX_VALUE, 2).rc()).isEqualTo(Errno.EINVAL.negative());
        assertThat(g.mappedBlockCount()).isZero();
    }

    @Test
    @DisplayName("CoW remap: a write to a shared block gets a new WRITTEN unshared block; the old one keeps its other owner")
    void copyOnWriteRemapsSharedBlock() {
        fourWrittenBlocks(f);
        ExtentMap.cloneFile(f, g);
        BlockMapUpdate update = g.copyOnWrite(1);
        assertThat(update.isOk()).isTrue();
        assertThat(update.changes()).containsExactly(change(1, shared(written(1)), written(4)));
        assertThat(update.remapSourceBlock(1)).isEqualTo(1);
        assertThat(update.remapSourceBlock(0)).isEqualTo(-1);
        assertThat(allocator.refcount(1)).isEqualTo(1);
        assertThat(allocator.refcount(4)).isEqualTo(1);
        assertThat(f.lookup(1)).isEqualTo(shared(written(1)));

        // f is now the only owner of pmem 1: XFS writes in place; the model clears the flag without allocating
        int free = allocator.freeCount();
        BlockMapUpdate inPlace = f.copyOnWrite(1);
        assertThat(inPlace.changes()).containsExactly(change(1, shared(written(1)), written(1)));
        assertThat(inPlace.remapSourceBlock(1)).isEqualTo(-1);
        assertThat(allocator.freeCount()).isEqualTo(free);
        assertThat(allocator.accountingErrors(List.of(f, g))).isEmpty();
    }

    @Test
    @DisplayName("CoW: EINVAL on a hole or an unshared block, ENOSPC changes nothing; prepareWrite CoWs shared blocks")
    void copyOnWriteErrorsAndPrepareWrite() {
        BlockAllocator tiny = new BlockAllocator(2);
        ExtentMap a = new ExtentMap(tiny, "a");
        ExtentMap b = new ExtentMap(tiny, "b");
        a.writeAllocate(0, 1);
        assertThat(a.copyOnWrite(0).rc()).isEqualTo(Errno.EINVAL.negative());
        assertThat(a.copyOnWrite(7).rc()).isEqualTo(Errno.EINVAL.negative());
        ExtentMap.reflinkRange(a, 0, b, 0, 1);
        tiny.allocate();
        assertThat(b.copyOnWrite(0).rc()).isEqualTo(Errno.ENOSPC.negative());
        assertThat(b.lookup(0)).isEqualTo(shared(written(0)));
        BlockMapUpdate write = b.prepareWrite(0, 2);
        assertThat(write.rc()).isEqualTo(Errno.ENOSPC.negative());
        assertThat(write.changes()).isEmpty();
        tiny.free(1);
        write = b.prepareWrite(0, 1);
        assertThat(write.changes()).containsExactly(change(0, shared(written(0)), written(1)));
        assertThat(write.remapSourceBlock(0)).isZero();
    }

    @Test
    @DisplayName("Collapse range: the range is freed and later blocks shift left by its length")
    void collapseShiftsLaterBlocksLeft() {
        f.writeAllocate(0, 6);          // pmem 0..5
        BlockMapUpdate update = f.collapseRange(1, 2);
        assertThat(update.changes()).containsExactly(
                change(1, written(1), written(3)), change(2, written(2), written(4)),
                change(3, written(3), written(5)), change(4, written(4), null), change(5, written(5), null));
        assertThat(f.mappings()).containsExactly(new MappedBlock(0, written(0)), new MappedBlock(1, written(3)),
                new MappedBlock(2, written(4)), new MappedBlock(3, written(5)));
        assertThat(f.endBlock()).isEqualTo(4);
        assertThat(allocator.freeBlocksInAllocationOrder()).startsWith(2, 1);
        assertThat(f.sizeBytes()).as("size is the caller's").isZero();
        assertThat(allocator.accountingErrors(List.of(f))).isEmpty();
    }

    @Test
    @DisplayName("Collapse range keeps holes where they were, shifted")
    void collapseShiftsHoles() {
        f.writeAllocate(0, 1);
        f.writeAllocate(5, 1);
        BlockMapUpdate update = f.collapseRange(2, 2);
        assertThat(update.changes()).containsExactly(change(3, null, written(1)), change(5, written(1), null));
        assertThat(f.collapseRange(-1, 1).rc()).isEqualTo(Errno.EINVAL.negative());
    }

    @Test
    @DisplayName("Truncate frees every block at or beyond the new end; a partial last block stays")
    void truncateFreesBlocksBeyondTheEnd() {
        fourWrittenBlocks(f);
        BlockMapUpdate update = f.truncateBlocks(ExtentMap.blocksForBytes(5000));
        assertThat(update.changes()).containsExactly(change(2, written(2), null), change(3, written(3), null));
        assertThat(allocator.isFree(2)).isTrue();
        assertThat(allocator.isFree(3)).isTrue();
        assertThat(f.truncateBlocks(0).changes()).hasSize(2);
        assertThat(allocator.freeCount()).isEqualTo(16);
        assertThat(f.truncateBlocks(-1).rc()).isEqualTo(Errno.EINVAL.negative());
        assertThat(ExtentMap.blocksForBytes(0)).isZero();
        assertThat(ExtentMap.blocksForBytes(4096)).isEqualTo(1);
        assertThat(ExtentMap.blocksForBytes(4097)).isEqualTo(2);
    }

    @Test
    @DisplayName("Truncate of a reflinked file drops references; the blocks stay with the other file")
    void truncateOfSharedBlocksKeepsThemForTheOtherOwner() {
        fourWrittenBlocks(f);
        ExtentMap.cloneFile(f, g);
        g.truncateBlocks(0);
        assertThat(allocator.freeCount()).isEqualTo(12);
        assertThat(allocator.refcount(0)).isEqualTo(1);
        assertThat(f.hasSharedBlocks()).as("sticky like the XFS reflink inode flag").isTrue();
        assertThat(allocator.accountingErrors(List.of(f, g))).isEmpty();
    }

    @Test
    @DisplayName("S11: a punched block is the next block handed to another file")
    void s11PunchedBlockIsReusedByTheNextAllocation() {
        fourWrittenBlocks(f);
        BlockMapUpdate punch = f.punchHole(1, 1);
        assertThat(punch.changes()).containsExactly(change(1, written(1), null));
        assertThat(punch.changes().get(0).unmapsPreviousBlock()).isTrue();
        assertThat(allocator.isFree(1)).isTrue();
        BlockMapUpdate write = g.prepareWrite(0, 1);
        assertThat(write.changes()).containsExactly(change(0, null, written(1)));
        assertThat(f.punchHole(0, -1).rc()).isEqualTo(Errno.EINVAL.negative());
    }

    @Test
    @DisplayName("Zero range (XFS 2017: punch + preallocate): the whole range UNWRITTEN, own blocks back in LIFO order")
    void zeroRangePunchesAndPreallocates() {
        f.writeAllocate(0, 2);          // pmem 0, 1; fb 2 a hole
        BlockMapUpdate update = f.zeroRange(0, 3);
        assertThat(update.isOk()).isTrue();
        assertThat(update.changes()).containsExactly(
                change(0, written(0), unwritten(1)), change(1, written(1), unwritten(0)),
                change(2, null, unwritten(2)));
        assertThat(f.zeroRange(0, -2).rc()).isEqualTo(Errno.EINVAL.negative());
    }

    @Test
    @DisplayName("Zero range of an already unwritten block that gets its own block back is no change")
    void zeroRangeReportsNetChangesOnly() {
        f.preallocate(0, 1);
        assertThat(f.zeroRange(0, 1).changes()).isEmpty();
        assertThat(f.lookup(0)).isEqualTo(unwritten(0));
    }

    @Test
    @DisplayName("Zero range on ENOSPC leaves the rest of the range a hole")
    void zeroRangeEnospc() {
        BlockAllocator tiny = new BlockAllocator(2);
        ExtentMap map = new ExtentMap(tiny, "map");
        map.writeAllocate(0, 1);
        BlockMapUpdate update = map.zeroRange(0, 3);
        assertThat(update.rc()).isEqualTo(Errno.ENOSPC.negative());
        assertThat(update.changes()).containsExactly(change(0, written(0), unwritten(0)), change(1, null, unwritten(1)));
    }

    @Test
    @DisplayName("Unwritten conversion converts unshared unwritten blocks of the range only")
    void convertUnwritten() {
        f.preallocate(0, 3);
        BlockMapUpdate update = f.convertUnwritten(1, 5);
        assertThat(update.changes()).containsExactly(change(1, unwritten(1), written(1)),
                change(2, unwritten(2), written(2)));
        assertThat(f.lookup(0)).isEqualTo(unwritten(0));
        assertThat(f.convertUnwritten(-3, 1).rc()).isEqualTo(Errno.EINVAL.negative());
        assertThat(f.writeAllocate(0, -1).rc()).isEqualTo(Errno.EINVAL.negative());
        assertThat(f.prepareWrite(Long.MAX_VALUE, 2).rc()).isEqualTo(Errno.EINVAL.negative());
    }

    @Test
    @DisplayName("Queries treat invalid ranges as empty and huge ranges as reaching past every block")
    void queriesOnOddRanges() {
        f.writeAllocate(0, 2);
        assertThat(f.isFullyWritten(-1, 5)).isTrue();
        assertThat(f.writeNeedsBlockMapChange(0, 0)).isFalse();
        assertThat(f.writeNeedsBlockMapChange(1, Long.MAX_VALUE)).isTrue();
        assertThat(f.isFullyWritten(0, Long.MAX_VALUE)).isFalse();
        assertThat(f.lookup(-1)).isNull();
    }

    @Test
    @DisplayName("The change sink receives exactly the changes each operation returns, in order")
    void changeSinkReceivesTheReturnedChanges() {
        List<BlockMapChange> seen = new ArrayList<>();
        f.setChangeSink(seen::add);
        List<BlockMapChange> returned = new ArrayList<>();
        returned.addAll(f.writeAllocate(0, 3).changes());
        returned.addAll(f.punchHole(1, 1).changes());
        returned.addAll(ExtentMap.reflinkRange(f, 0, g, 0, 1).sourceChanges());
        returned.addAll(f.copyOnWrite(0).changes());
        assertThat(seen).isEqualTo(returned).hasSize(6);
        f.setChangeSink(null);
        f.truncateBlocks(0);
        assertThat(seen).hasSize(6);
    }

    @Test
    @DisplayName("BlockMapChange: one-line describe and kinds; a non-change is refused")
    void blockMapChangeDescribe() {
        assertThat(change(2, null, written(7)).describe()).isEqualTo("block map fb 2: hole -> pmem 7 WRITTEN (ALLOCATE)");
        assertThat(change(3, shared(unwritten(4)), null).describe())
                .isEqualTo("block map fb 3: pmem 4 UNWRITTEN shared -> hole (UNMAP)");
        assertThat(change(1, written(1), written(2)).kind()).isEqualTo(BlockMapChange.Kind.REMAP);
        assertThat(change(1, written(1), shared(written(1))).kind()).isEqualTo(BlockMapChange.Kind.SHARE_FLAG);
        assertThat(change(1, written(1), shared(written(1))).unmapsPreviousBlock()).isFalse();
        assertThat(change(1, null, written(1)).unmapsPreviousBlock()).isFalse();
        assertThat(change(1, written(1), written(2)).unmapsPreviousBlock()).isTrue();
        assertThatThrownBy(() -> change(1, written(1), written(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> change(-1, null, written(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlockMapping(-1, ExtentState.WRITTEN, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlockMapping(1, null, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BlockMapping.describe(null)).isEqualTo("hole");
    }

    @Test
    @DisplayName("Size is opaque durable metadata: block operations never change it, EINVAL for a negative size")
    void sizeIsTheCallers() {
        assertThat(f.setSizeBytes(-1)).isEqualTo(Errno.EINVAL.negative());
        assertThat(f.setSizeBytes(8192)).isZero();
        f.writeAllocate(0, 5);
        f.truncateBlocks(1);
        assertThat(f.sizeBytes()).isEqualTo(8192);
        assertThat(f.durableSizeBytes()).isZero();
        assertThat(f.hasUncommittedChanges()).isTrue();
        f.commit();
        assertThat(f.hasUncommittedChanges()).isFalse();
        assertThat(f.durableSizeBytes()).isEqualTo(8192);
    }
}
