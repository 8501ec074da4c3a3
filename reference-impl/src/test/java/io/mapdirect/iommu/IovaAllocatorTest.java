package io.mapdirect.iommu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.TestKernels;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Oops;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IovaAllocatorTest {
    private final Kernel kernel = TestKernels.kernel();
    private final IommuDomain domain = new Iommu(kernel, Pmem.fromConfig(kernel)).attach(PciDevice.of("nic"), IommuMode.DMA_STRICT);
    private final IovaAllocator iovad = domain.iovad();

    @Test
    @DisplayName("[15] 'the next map ... may well use the same virtual DMA address': a freed range is handed out first")
    void freedRangeIsTheNextAllocation_seed15() {
        long first = iovad.alloc(4, 100);
        long second = iovad.alloc(2, 100);
        iovad.free(first, 4);
        long third = iovad.alloc(4, 100);
        assertThat(third).isEqualTo(first);
        assertThat(second).isNotEqualTo(first);
        assertThat(kernel.probes().count("IOVA reused")).isEqualTo(1);
        assertThat(kernel.events().ofType(IommuEvent.IovaAllocated.class)).last()
                .isEqualTo(new IommuEvent.IovaAllocated(domain.id(), first, 4, true));
    }

    @Test
    @DisplayName("a smaller allocation takes the head of a freed range; the rest stays first in line")
    void partialReuseKeepsTheRemainder() {
        long range = iovad.alloc(4, 100);
        iovad.free(range, 4);
        assertThat(iovad.alloc(1, 100)).isEqualTo(range);
        assertThat(iovad.alloc(3, 100)).isEqualTo(range + 1);
    }

    @Test
    @DisplayName("the remainder of a split freed range is offered before older freed ranges")
    void remainderOfASplitRangeComesFirst() {
        long older = iovad.alloc(4, 100);
        long newer = iovad.alloc(4, 100);
        iovad.free(older, 4);
        iovad.free(newer, 4);
        assertThat(iovad.alloc(1, 100)).isEqualTo(newer);
        assertThat(iovad.alloc(3, 100)).as("the 3 pages left of the newer range").isEqualTo(newer + 1);
        assertThat(iovad.alloc(4, 100)).isEqualTo(older);
    }

    @Test
    @DisplayName("a request larger than what is left of a freed range is searched top-down, not taken from the remainder")
    void requestLargerThanTheRemainderIsSearchedTopDown() {
        long range = iovad.alloc(4, 100);
        iovad.free(range, 4);
        assertThat(iovad.alloc(1, 200)).isEqualTo(range);
        assertThat(iovad.alloc(4, 200)).as("3 pages are left at %d: 4 go to the top under the limit", range + 1)
                .isEqualTo(197);
    }

    @Test
    @DisplayName("a freed range above the new caller's limit is skipped; top-down search under the limit")
    void freedRangeAboveLimitIsSkipped() {
        long high = iovad.alloc(2, 100);
        assertThat(high).isEqualTo(99);
        iovad.free(high, 2);
        long low = iovad.alloc(2, 50);
        assertThat(low).isEqualTo(49);
        assertThat(iovad.isAllocated(50)).isTrue();
        assertThat(iovad.isAllocated(51)).isFalse();
        assertThat(iovad.isAllocated(99)).isFalse();
    }

    @Test
    @DisplayName("a freed range taken over by a top-down allocation is no longer offered for reuse")
    void freedRangeReallocatedOtherwiseIsDropped() {
        long a = iovad.alloc(2, 10);   // 9..10
        iovad.free(a, 2);
        assertThat(iovad.alloc(3, 10)).isEqualTo(8); // does not fit the freed 2 pages: top-down 8..10
        assertThat(iovad.alloc(2, 10)).isEqualTo(6);
        assertThat(iovad.allocated()).extracting(IovaRange::startPfn).containsExactly(6L, 8L);
    }

    @Test
    @DisplayName("the freed list remembers the last 128 frees (the rcache depth); older freed ranges are found by search only")
    void freedListIsBounded() {
        long[] starts = new long[IovaAllocator.FREED_LIST_DEPTH + 2];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = iovad.alloc(1, 1000);
            iovad.alloc(1, 1000); // a guard page keeps the freed ranges apart
        }
        for (long start : starts) {
            iovad.free(start, 1);
        }
        for (int i = starts.length - 1; i >= 2; i--) {
            assertThat(iovad.alloc(1, 1000)).isEqualTo(starts[i]);
        }
        assertThat(kernel.probes().count("IOVA reused")).isEqualTo(IovaAllocator.FREED_LIST_DEPTH);
        assertThat(iovad.alloc(1, 1000)).as("found by the top-down search, not the list").isEqualTo(starts[0]);
        assertThat(kernel.probes().count("IOVA reused")).isEqualTo(IovaAllocator.FREED_LIST_DEPTH);
    }

    @Test
    @DisplayName("pfn 0 is never handed out; a full space answers -1")
    void exhaustedSpaceFails() {
        assertThat(iovad.alloc(3, 3)).isEqualTo(1);
        assertThat(iovad.alloc(1, 3)).isEqualTo(-1);
        assertThat(iovad.alloc(0, 3)).isEqualTo(-1);
        assertThat(iovad.alloc(1, 0)).isEqualTo(-1);
        assertThat(kernel.probes().count("IOVA space exhausted")).isEqualTo(1);
    }

    @Test
    @DisplayName("the top-down search finds a hole between allocations")
    void searchFindsHoleBetweenRanges() {
        long top = iovad.alloc(2, 20);     // 19..20
        long mid = iovad.alloc(2, 20);     // 17..18
        iovad.alloc(2, 20);                // 15..16
        iovad.free(mid, 2);
        iovad.alloc(1, 20);                // reuses 17
        assertThat(iovad.alloc(1, 20)).isEqualTo(18);
        assertThat(iovad.alloc(1, 20)).isEqualTo(14);
        assertThat(top).isEqualTo(19);
    }

    @Test
    @DisplayName("free_iova_fast of a range that is not allocated corrupts the kernel's allocator: BAD_FREE oops")
    void freeOfUnallocatedRangeOopses() {
        long range = iovad.alloc(2, 100);
        assertThatThrownBy(() -> iovad.free(range, 1)).isInstanceOfSatisfying(Oops.class,
                oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.BAD_FREE));
        iovad.free(range, 2);
        assertThatThrownBy(() -> iovad.free(range, 2)).isInstanceOf(Oops.class);
    }

    @Test
    @DisplayName("intel_alloc_iova: below 4 GiB first, then up to the DMA mask")
    void domainAllocatesBelowFourGigabytesFirst() {
        long pfn = domain.allocIova(1, PciDevice.DMA_BIT_MASK_64);
        assertThat(pfn).isEqualTo(IommuDomain.DMA_32BIT_PFN);
        long narrow = domain.allocIova(1, 0xFFFF_FFFFL);
        assertThat(narrow).isEqualTo(IommuDomain.DMA_32BIT_PFN - 1);
        domain.freeIova(pfn, 1);
        assertThat(iovad.isAllocated(pfn)).isFalse();
    }

    @Test
    @DisplayName("with the 32-bit space full, a 64-bit device gets an IOVA above 4 GiB")
    void fallsBackAboveFourGigabytes() {
        assertThat(iovad.alloc(IommuDomain.DMA_32BIT_PFN, IommuDomain.DMA_32BIT_PFN)).isEqualTo(1);
        long pfn = domain.allocIova(1, PciDevice.DMA_BIT_MASK_64);
        assertThat(pfn).isEqualTo(IommuDomain.DOMAIN_MAX_PFN);
    }

    @Test
    @DisplayName("allocation-failure injection: the struct iova allocation fails, nothing is allocated")
    void injectedAllocationFailure() {
        Kernel failing = TestKernels.failingAllocation(1);
        IommuDomain dom = new Iommu(failing, Pmem.fromConfig(failing)).attach(PciDevice.of("nic"), IommuMode.DMA_STRICT);
        assertThat(dom.allocIova(1, -1L)).isEqualTo(-1);
        assertThat(dom.iovad().allocated()).isEmpty();
        assertThat(failing.faultPlan().injected()).extracting(i -> i.site()).containsExactly("iova");
    }
}
