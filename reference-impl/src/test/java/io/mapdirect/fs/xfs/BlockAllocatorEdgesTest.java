package io.mapdirect.fs.xfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Oops;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Edges of {@link BlockAllocator}: a one-block device; block numbers outside the device (a corrupt
 * block number is a BUG, as XFS's {@code xfs_verify_fsbno()} checks, never an array error); the
 * accounting checks (the free-space / refcount cross-check of {@code xfs_repair} and online scrub),
 * fed the corruptions they exist to report, which the allocator's own API refuses to create, so
 * the tests plant them in its arrays; and the busy-extent flush's assertion.
 */
class BlockAllocatorEdgesTest {

    private static int[] array(BlockAllocator allocator, String name) {
        try {
            Field field = BlockAllocator.class.getDeclaredField(name);
            field.setAccessible(true);
            return (int[]) field.get(allocator);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void setFreeTop(BlockAllocator allocator, int value) {
        try {
            Field field = BlockAllocator.class.getDeclaredField("freeTop");
            field.setAccessible(true);
            field.setInt(allocator, value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @DisplayName("a device of one block is a valid allocator: block 0, then ENOSPC")
    void oneBlockDevice() {
        BlockAllocator allocator = new BlockAllocator(1);
        assertThat(allocator.freeCount()).isEqualTo(1);
        assertThat(allocator.allocate()).isZero();
        assertThat(allocator.allocate()).isEqualTo(Errno.ENOSPC.negative());
        assertThat(allocator.durableReferences(0)).isZero();
        assertThat(allocator.accountingErrors()).isEmpty();
        assertThatThrownBy(() -> new BlockAllocator(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("free, share and durableReferences of a block outside the device are a BUG oops")
    void blockNumbersOutsideTheDeviceAreABug() {
        BlockAllocator allocator = new BlockAllocator(4);
        allocator.allocate();
        for (int block : new int[] {-1, 4}) {
            assertThatThrownBy(() -> allocator.free(block)).isInstanceOfSatisfying(Oops.class,
                    oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.BUG));
            assertThatThrownBy(() -> allocator.share(block)).isInstanceOfSatisfying(Oops.class,
                    oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.BUG));
            assertThatThrownBy(() -> allocator.durableReferences(block)).isInstanceOfSatisfying(Oops.class,
                    oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.BUG));
        }
    }

    @Test
    @DisplayName("scrub: a negative reference count is reported")
    void negativeRefcountIsReported() {
        BlockAllocator allocator = new BlockAllocator(4);
        allocator.allocate();
        array(allocator, "refcounts")[0] = -1;
        assertThat(allocator.accountingErrors()).contains("pmem block 0 has refcount -1");
    }

    @Test
    @DisplayName("scrub: a block on the free list twice is reported (and so is the miscount)")
    void blockTwiceOnTheFreeListIsReported() {
        BlockAllocator allocator = new BlockAllocator(4);
        allocator.allocate(); // block 0 in use; free stack (bottom to top) 3, 2, 1
        array(allocator, "freeStack")[0] = 1; // now 1, 2, 1: block 3 lost, block 1 twice
        assertThat(allocator.accountingErrors()).contains(
                "pmem block 1 is on the free list 2 times",
                "pmem block 3 is neither free nor referenced (leaked)");
    }

    @Test
    @DisplayName("scrub: a referenced block on the free list is reported")
    void referencedFreeBlockIsReported() {
        BlockAllocator allocator = new BlockAllocator(4);
        allocator.allocate();
        array(allocator, "refcounts")[3] = 2; // block 3 still on the free list
        assertThat(allocator.accountingErrors()).containsExactly(
                "pmem block 3 is free and referenced 2 times",
                "free 3 + referenced 2 != 4 blocks");
    }

    @Test
    @DisplayName("scrub: a block neither free nor referenced is a leak, and the totals disagree")
    void leakedBlockIsReported() {
        BlockAllocator allocator = new BlockAllocator(4);
        allocator.allocate();
        array(allocator, "refcounts")[0] = 0; // block 0 off the free list without a reference
        assertThat(allocator.accountingErrors()).containsExactly(
                "pmem block 0 is neither free nor referenced (leaked)",
                "free 3 + referenced 0 != 4 blocks");
        setFreeTop(allocator, 2); // and block 1 falls off the free list too
        assertThat(allocator.accountingErrors()).contains("pmem block 1 is neither free nor referenced (leaked)");
    }

    @Test
    @DisplayName("scrub: a map naming a block beyond the device is reported, block == blockCount included")
    void mappingBeyondTheDeviceIsReported() {
        BlockAllocator big = new BlockAllocator(8);
        ExtentMap map = new ExtentMap(big, "f");
        assertThat(map.writeAllocate(0, 5).isOk()).isTrue(); // pmem 0..4
        assertThat(map.lookup(4).pmemBlock()).isEqualTo(4);
        BlockAllocator small = new BlockAllocator(4);
        for (int i = 0; i < 4; i++) {
            small.allocate();
        }
        assertThat(small.accountingErrors(List.of(map))).containsExactly(
                "f fb 4 maps pmem block 4 beyond the device");
    }

    @Test
    @DisplayName("xfs_extent_busy_flush: a durable holder still referencing a free block after its commit is a BUG, not a hang")
    void busyFlushThatCannotFreeTheBlockIsABug() {
        BlockAllocator allocator = new BlockAllocator(2);
        ExtentMap map = new ExtentMap(allocator, "f");
        assertThat(map.writeAllocate(0, 1).isOk()).isTrue();
        map.commit();
        allocator.allocate(); // block 1; only block 0 could come back
        // the block's reference dropped behind the map's back: the map still maps it, durably too
        assertThat(allocator.free(0)).isZero();
        // (the hang the assertion prevents would be the allocator re-committing the map forever)
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(allocator::allocate)
                .isInstanceOfSatisfying(Oops.class, oops -> assertThat(oops.where()).isEqualTo("xfs_extent_busy_flush")));
    }
}
