package io.mapdirect.iommu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.ScatterList;
import io.mapdirect.kernel.Oops;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IommuSgTest {
    private static final int PAGE = Pmem.PAGE_SIZE;

    @Test
    @DisplayName("[21] default 4 GiB boundary: whole pages are counted back to back, dma_address = page offset")
    void wholePagesNeedNoPadding_seed21() {
        ScatterList sgl = ScatterList.ofPages(5, 9, 2);
        int npages = IommuSg.iommuSgNumPages(PciDevice.of("nic"), sgl, 3);
        assertThat(npages).isEqualTo(3);
        assertThat(sgl.entries()).extracting(ScatterList.Entry::dmaAddress).containsExactly(0L, 0x1000L, 0x2000L);
    }

    @Test
    @DisplayName("[21] a segment that would cross the boundary is padded, but keeps the offset written before the padding")
    void segmentCrossingBoundaryIsPaddedAfterItsOffsetIsWritten_seed21() {
        PciDevice dev = PciDevice.of("nic").withSegmentBoundaryMask(0x3FFF); // boundary_size = 4 pages
        ScatterList sgl = new ScatterList().add(0, 0, 3 * PAGE).add(10, 0, 3 * PAGE);
        int npages = IommuSg.iommuSgNumPages(dev, sgl, 2);
        // entry 0: p = 0, n = 3 -> npages 3; entry 1: dma_address = 3 << 12, p = 3, n = 3 > 4 - 3:
        // npages += 4 - 3 (padding) then += 3 -> 7
        assertThat(npages).isEqualTo(7);
        assertThat(sgl.get(0).dmaAddress()).isZero();
        assertThat(sgl.get(1).dmaAddress()).isEqualTo(3L << Pmem.PAGE_SHIFT);
        assertThat(IommuSg.pageOffsetOf(dev, sgl, 1)).isEqualTo(3);
    }

    @Test
    @DisplayName("[21] iommu_num_pages: an offset into the first page can add a page")
    void offsetIntoFirstPageCountsAnExtraPage_seed21() {
        assertThat(IommuSg.iommuNumPages(100, PAGE, PAGE)).isEqualTo(2);
        assertThat(IommuSg.iommuNumPages(0, PAGE, PAGE)).isEqualTo(1);
        assertThat(IommuSg.iommuNumPages(4095, 1, PAGE)).isEqualTo(1);
        assertThat(IommuSg.iommuNumPages(4095, 2, PAGE)).isEqualTo(2);
        ScatterList sgl = new ScatterList().add(1, 100, PAGE);
        assertThat(IommuSg.countPages(PciDevice.of("nic"), sgl, 1)).isEqualTo(2);
        assertThat(sgl.get(0).dmaAddress()).as("countPages writes nothing").isZero();
    }

    @Test
    @DisplayName("[21] boundary_size: ALIGN(mask + 1, PAGE_SIZE) >> PAGE_SHIFT, or 1 << (64 - 12) for an all-ones mask")
    void boundarySizeFromMask_seed21() {
        assertThat(IommuSg.boundarySizePages(0xFFFF_FFFFL)).isEqualTo(1L << 20);
        assertThat(IommuSg.boundarySizePages(-1L)).isEqualTo(1L << 52);
        assertThat(IommuSg.boundarySizePages(0x7FF)).isEqualTo(1);
        assertThat(IommuSg.boundarySizePages(0)).isEqualTo(1);
    }

    @Test
    @DisplayName("[21] a boundary below one page pads every multi-page segment")
    void subPageBoundaryPadsEveryMultiPageSegment_seed21() {
        PciDevice dev = PciDevice.of("nic").withSegmentBoundaryMask(0x7FF);
        ScatterList sgl = new ScatterList().add(0, 0, 2 * PAGE).add(4, 0, PAGE);
        assertThat(IommuSg.iommuSgNumPages(dev, sgl, 2)).isEqualTo(4);
        assertThat(sgl.get(1).dmaAddress()).isEqualTo(3L << Pmem.PAGE_SHIFT);
    }

    @Test
    @DisplayName("[21] an all-ones mask never pads")
    void allOnesMaskNeverPads_seed21() {
        PciDevice dev = PciDevice.of("nic").withSegmentBoundaryMask(-1L);
        ScatterList sgl = new ScatterList().add(0, 0, 300 * PAGE).add(1, 0, 300 * PAGE);
        assertThat(IommuSg.iommuSgNumPages(dev, sgl, 2)).isEqualTo(600);
    }

    @Test
    @DisplayName("[21] C's ALIGN wraps for a mask near 2^64: boundary_size 0 is the kernel's divide error")
    void wrappingBoundaryIsADivideError_seed21() {
        PciDevice dev = PciDevice.of("nic").withSegmentBoundaryMask(0xFFFF_FFFF_FFFF_F000L);
        assertThat(IommuSg.boundarySizePages(dev.segmentBoundaryMask())).isZero();
        assertThatThrownBy(() -> IommuSg.iommuSgNumPages(dev, ScatterList.ofPages(1), 1))
                .isInstanceOfSatisfying(Oops.class, oops -> assertThat(oops.where()).isEqualTo("iommu_sg_num_pages"));
    }

    @Test
    @DisplayName("for_each_sg past the end of the list is a BUG; nelems 0 counts nothing")
    void nelemsBeyondTheListOopses() {
        ScatterList sgl = ScatterList.ofPages(1);
        assertThatThrownBy(() -> IommuSg.iommuSgNumPages(PciDevice.of("nic"), sgl, 2)).isInstanceOf(Oops.class);
        assertThat(IommuSg.iommuSgNumPages(PciDevice.of("nic"), sgl, 0)).isZero();
    }
}
