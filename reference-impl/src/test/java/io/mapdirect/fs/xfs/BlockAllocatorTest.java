package io.mapdirect.fs.xfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KernelConfig;
import io.mapdirect.kernel.Oops;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BlockAllocatorTest {

    @Test
    @DisplayName("spec §2.3: a fresh allocator hands out low blocks first, N from the kernel config")
    void freshAllocatorHandsOutLowBlocksFirst() {
        BlockAllocator allocator = BlockAllocator.forConfig(KernelConfig.defaults().withPmemBlocks(8));
        assertThat(allocator.blockCount()).isEqualTo(8);
        assertThat(allocator.freeCount()).isEqualTo(8);
        assertThat(List.of(allocator.allocate(), allocator.allocate(), allocator.allocate())).containsExactly(0, 1, 2);
        assertThat(allocator.freeCount()).isEqualTo(5);
        assertThat(allocator.freeBlocksInAllocationOrder()).containsExactly(3, 4, 5, 6, 7);
    }

    @Test
    @DisplayName("S11: the most recently freed block is handed out first (LIFO free list)")
    void s11MostRecentlyFreedBlockIsReusedFirst() {
        BlockAllocator allocator = new BlockAllocator(8);
        for (int i = 0; i < 4; i++) {
            allocator.allocate();
        }
        assertThat(allocator.free(1)).isZero();
        assertThat(allocator.free(3)).isZero();
        assertThat(allocator.isFree(1)).isTrue();
        assertThat(allocator.allocate()).isEqualTo(3);
        assertThat(allocator.allocate()).isEqualTo(1);
        assertThat(allocator.allocate()).isEqualTo(4);
        assertThat(allocator.accountingErrors()).isEmpty();
    }

    @Test
    @DisplayName("spec §2.3: allocation fails with ENOSPC when every block is taken, and works again after a free")
    void enospcWhenFull() {
        BlockAllocator allocator = new BlockAllocator(2);
        assertThat(allocator.allocate()).isZero();
        assertThat(allocator.allocate()).isEqualTo(1);
        assertThat(allocator.allocate()).isEqualTo(Errno.ENOSPC.negative());
        assertThat(allocator.freeCount()).isZero();
        allocator.free(0);
        assertThat(allocator.allocate()).isZero();
    }

    @Test
    @DisplayName("Fault injection: the hook is asked once per allocation and a true answer fails it with ENOSPC")
    void failureHookFailsTheAllocationItIsAskedFor() {
        BlockAllocator allocator = new BlockAllocator(4);
        List<Boolean> answers = new ArrayList<>(List.of(false, true, false));
        allocator.setFailureInjection(() -> answers.remove(0));
        assertThat(allocator.allocate()).isZero();
        assertThat(allocator.allocate()).isEqualTo(Errno.ENOSPC.negative());
        assertThat(allocator.allocate()).isEqualTo(1);
        assertThat(answers).isEmpty();
        allocator.setFailureInjection(null);
        assertThat(allocator.allocate()).isEqualTo(2);
    }

    @Test
    @DisplayName("Refcount btree: a shared block returns to the free list only when its last reference drops")
    void sharedBlockIsFreedByTheLastReference() {
        BlockAllocator allocator = new BlockAllocator(4);
        int block = allocator.allocate();
        assertThat(allocator.share(block)).isEqualTo(2);
        assertThat(allocator.share(block)).isEqualTo(3);
        assertThat(allocator.free(block)).isEqualTo(2);
        assertThat(allocator.free(block)).isEqualTo(1);
        assertThat(allocator.isFree(block)).isFalse();
        assertThat(allocator.freeCount()).isEqualTo(3);
        assertThat(allocator.free(block)).isZero();
        assertThat(allocator.isFree(block)).isTrue();
        assertThat(allocator.refcount(block)).isZero();
        assertThat(allocator.freeBlocksInAllocationOrder()).first().isEqualTo(block);
    }

    @Test
    @DisplayName("NO_OOPS: freeing a free block or sharing one is a corrupted filesystem, an oops")
    void doubleFreeAndShareOfFreeBlockOops() {
        BlockAllocator allocator = new BlockAllocator(4);
        assertThatThrownBy(() -> allocator.free(2)).isInstanceOfSatisfying(Oops.class,
                oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.BAD_FREE));
        assertThatThrownBy(() -> allocator.share(2)).isInstanceOfSatisfying(Oops.class,
                oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.BUG));
        assertThatThrownBy(() -> allocator.refcount(4)).isInstanceOf(Oops.class);
        assertThatThrownBy(() -> allocator.isFree(-1)).isInstanceOf(Oops.class);
        assertThatThrownBy(() -> new BlockAllocator(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("NO_LEAK: the cross-check against the maps finds a block referenced by no map and a missing shared flag")
    void accountingAgainstMapsFindsLeaksAndMissingSharedFlags() {
        BlockAllocator allocator = new BlockAllocator(6);
        ExtentMap f = new ExtentMap(allocator, "f");
        f.writeAllocate(0, 2);
        assertThat(allocator.accountingErrors(List.of(f))).isEmpty();

        int leaked = allocator.allocate();
        assertThat(allocator.accountingErrors()).isEmpty();
        assertThat(allocator.accountingErrors(List.of(f)))
                .containsExactly("pmem block " + leaked + " has refcount 1 but 0 mappings");

        allocator.share(f.lookup(0).pmemBlock());
        assertThat(allocator.accountingErrors(List.of(f))).anySatisfy(error -> assertThat(error)
                .isEqualTo("f fb 0 maps pmem block 0 with 2 references but not as shared"));
    }
}
