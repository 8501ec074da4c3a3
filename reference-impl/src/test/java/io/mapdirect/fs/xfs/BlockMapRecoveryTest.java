package io.mapdirect.fs.xfs;

import static io.mapdirect.fs.xfs.BlockMapping.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BlockMapRecoveryTest {
    private final BlockAllocator allocator = new BlockAllocator(8);
    private final ExtentMap f = new ExtentMap(allocator, "f");
    private final ExtentMap g = new ExtentMap(allocator, "g");

    private List<BlockMapUpdate> crash() {
        return BlockMapRecovery.crashAndRecover(allocator, List.of(f, g));
    }

    @Test
    @DisplayName("spec §2.3: a crash drops an uncommitted allocation; the block is free again and the size restored")
    void crashDropsUncommittedAllocation() {
        f.writeAllocate(0, 2);
        f.setSizeBytes(8192);
        f.commit();
        f.writeAllocate(2, 1);
        f.setSizeBytes(12288);
        assertThat(f.durableLookup(2)).isNull();

        List<BlockMapUpdate> updates = crash();
        assertThat(updates.get(0).changes()).containsExactly(new BlockMapChange(2, written(2), null));
        assertThat(updates.get(1).changes()).isEmpty();
        assertThat(f.lookup(2)).isNull();
        assertThat(f.sizeBytes()).isEqualTo(8192);
        assertThat(allocator.isFree(2)).isTrue();
        assertThat(allocator.freeCount()).isEqualTo(6);
        assertThat(allocator.freeBlocksInAllocationOrder()).as("rebuilt lowest first").startsWith(2, 3, 4);
        assertThat(allocator.accountingErrors(List.of(f, g))).isEmpty();
    }

    @Test
    @DisplayName("spec §2.3: a crash brings back blocks an uncommitted punch freed; committed maps survive unchanged")
    void crashUndoesUncommittedPunch() {
        f.writeAllocate(0, 2);
        f.commit();
        f.punchHole(1, 1);
        assertThat(allocator.isFree(1)).isTrue();
        assertThat(allocator.durableReferences(1)).isEqualTo(1);
        crash();
        assertThat(f.lookup(1)).isEqualTo(written(1));
        assertThat(allocator.isFree(1)).isFalse();
        assertThat(f.hasUncommittedChanges()).isFalse();
        assertThat(allocator.accountingErrors(List.of(f, g))).isEmpty();
    }

    @Test
    @DisplayName("Busy block (xfs_extent_busy): reusing a block still in a durable map forces that map's commit first")
    void reusingABusyBlockForcesTheFreeingMapsCommit() {
        f.writeAllocate(0, 2);
        f.commit();
        f.punchHole(1, 1);               // pmem 1 free, but f's durable map still holds it
        assertThat(g.writeAllocate(0, 1).changes()).containsExactly(new BlockMapChange(0, null, written(1)));
        assertThat(allocator.forcedCommits()).isEqualTo(1);
        assertThat(f.hasUncommittedChanges()).isFalse();
        assertThat(f.durableLookup(1)).isNull();

        crash();                         // g never committed: pmem 1 must not come back in f
        assertThat(f.lookup(1)).isNull();
        assertThat(g.lookup(0)).isNull();
        assertThat(allocator.isFree(1)).isTrue();
        assertThat(allocator.accountingErrors(List.of(f, g))).isEmpty();
    }

    @Test
    @DisplayName("Busy block dropped by two sharers: both durable holders are committed before reuse")
    void busySharedBlockForcesEveryHolder() {
        f.writeAllocate(0, 1);
        ExtentMap.reflinkRange(f, 0, g, 0, 1);
        f.commit();
        g.commit();
        f.copyOnWrite(0);                // f: pmem 1, pmem 0 now only g's
        g.punchHole(0, 1);               // pmem 0 free, durably in f and g
        assertThat(allocator.durableReferences(0)).isEqualTo(2);
        ExtentMap h = new ExtentMap(allocator, "h");
        assertThat(h.writeAllocate(0, 1).changes().get(0).after().pmemBlock()).isZero();
        assertThat(allocator.forcedCommits()).isEqualTo(1);   // forcing f's log takes g's punch along
        assertThat(f.hasUncommittedChanges() || g.hasUncommittedChanges()).isFalse();
        assertThat(allocator.durableReferences(0)).isZero();
        BlockMapRecovery.crashAndRecover(allocator, List.of(f, g, h));
        assertThat(allocator.accountingErrors(List.of(f, g, h))).isEmpty();
        assertThat(f.lookup(0)).isEqualTo(written(1));
        assertThat(allocator.isFree(0)).isTrue();
    }

    @Test
    @DisplayName("Forcing the log for one side of a reflink makes the other side durable too (one log)")
    void reflinkCommitsBothSides() {
        f.writeAllocate(0, 1);
        f.commit();
        ExtentMap.reflinkRange(f, 0, g, 0, 1);
        g.commit();
        assertThat(f.durableLookup(0).shared()).isTrue();
        assertThat(f.hasUncommittedChanges()).isFalse();
        List<BlockMapUpdate> updates = crash();
        assertThat(updates.get(0).changes()).isEmpty();
        assertThat(allocator.refcount(0)).isEqualTo(2);
        assertThat(allocator.accountingErrors(List.of(f, g))).isEmpty();
    }

    @Test
    @DisplayName("A copy-on-write not yet forced does not come back beside the reflink partner's later commit (CI finding)")
    void copyOnWriteThenPartnerCommitKeepsOneOwner() {
        f.writeAllocate(0, 1);
        f.commit();
        ExtentMap.reflinkRange(f, 0, g, 0, 1);
        f.copyOnWrite(0);                // f moves to a new block; pmem 0 is g's alone
        g.commit();                      // forces f's remap too: both touched pmem 0
        assertThat(f.hasUncommittedChanges()).isFalse();
        crash();
        assertThat(allocator.refcount(0)).isEqualTo(1);
        assertThat(f.lookup(0).pmemBlock()).isNotZero();
        assertThat(allocator.accountingErrors(List.of(f, g))).isEmpty();
    }

    @Test
    @DisplayName("Recovery clears a stale shared flag once the block has a single owner")
    void recoveryClearsStaleSharedFlags() {
        f.writeAllocate(0, 1);
        ExtentMap.reflinkRange(f, 0, g, 0, 1);
        g.truncateBlocks(0);
        f.commit();
        g.commit();
        assertThat(f.hasSharedBlocks()).isTrue();
        List<BlockMapUpdate> updates = crash();
        assertThat(updates.get(0).changes()).containsExactly(
                new BlockMapChange(0, written(0).withShared(true), written(0)));
        assertThat(f.hasSharedBlocks()).isFalse();
    }

    @Test
    @DisplayName("An inode left out of recovery did not survive: its durable blocks are free afterwards")
    void mapLeftOutOfRecoveryLosesItsBlocks() {
        g.writeAllocate(0, 3);
        g.commit();
        BlockMapRecovery.crashAndRecover(allocator, List.of(f));
        assertThat(allocator.freeCount()).isEqualTo(8);
        assertThat(allocator.accountingErrors(List.of(f))).isEmpty();
    }

    @Test
    @DisplayName("Recovery refuses maps of another filesystem and maps listed twice (harness mistakes)")
    void recoveryChecksItsArguments() {
        ExtentMap foreign = new ExtentMap(new BlockAllocator(2));
        assertThatThrownBy(() -> BlockMapRecovery.crashAndRecover(allocator, List.of(f, foreign)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlockMapRecovery.crashAndRecover(allocator, List.of(f, g, f)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(foreign.toString()).isEqualTo("extent map");
    }
}
