package io.mapdirect.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.kernel.Oops;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ScatterListTest {
    @Test
    @DisplayName("[22] ib_umem_get: sg_set_page(sg, page, PAGE_SIZE, 0) per pinned page")
    void ofPagesBuildsWholePageEntries() {
        ScatterList sgl = ScatterList.ofPages(3, 9);
        assertThat(sgl.size()).isEqualTo(2);
        assertThat(sgl.get(1).block()).isEqualTo(9);
        assertThat(sgl.get(1).offset()).isZero();
        assertThat(sgl.get(1).length()).isEqualTo(Pmem.PAGE_SIZE);
        assertThat(sgl.get(1).physAddress()).isEqualTo(9 * 4096L);
        assertThat(sgl.entries()).hasSize(2);
        assertThat(sgl.toString()).contains("block 9");
    }

    @Test
    @DisplayName("sg_phys() adds the offset; dma fields are written by the DMA layer")
    void entryCarriesOffsetAndDmaFields() {
        ScatterList.Entry entry = new ScatterList().add(2, 100, 50).get(0);
        assertThat(entry.physAddress()).isEqualTo(2 * 4096L + 100);
        entry.setDmaAddress(0x1000);
        entry.setDmaLength(50);
        assertThat(entry.dmaAddress()).isEqualTo(0x1000);
        assertThat(entry.dmaLength()).isEqualTo(50);
    }

    @Test
    @DisplayName("model bug: an offset outside the first page or a negative length is a BUG")
    void invalidEntriesOops() {
        ScatterList sgl = new ScatterList();
        assertThatThrownBy(() -> sgl.add(0, Pmem.PAGE_SIZE, 1)).isInstanceOf(Oops.class);
        assertThatThrownBy(() -> sgl.add(0, -1, 1)).isInstanceOf(Oops.class);
        assertThatThrownBy(() -> sgl.add(-1, 0, 1)).isInstanceOf(Oops.class);
        assertThatThrownBy(() -> sgl.add(0, 0, -1)).isInstanceOf(Oops.class);
    }

    @Test
    @DisplayName("PciDevice defaults: 4 GiB segment boundary (dma_get_seg_boundary), 64-bit DMA mask")
    void pciDeviceDefaults() {
        PciDevice nic = PciDevice.of("nic");
        assertThat(nic.name()).isEqualTo("nic");
        assertThat(nic.toString()).isEqualTo("nic");
        assertThat(nic.segmentBoundaryMask()).isEqualTo(0xFFFF_FFFFL);
        assertThat(nic.dmaMask()).isEqualTo(-1L);
        PciDevice narrow = nic.withDmaMask(0xFFFF_FFFFL).withSegmentBoundaryMask(0xFFFF);
        assertThat(narrow.dmaMask()).isEqualTo(0xFFFF_FFFFL);
        assertThat(narrow.segmentBoundaryMask()).isEqualTo(0xFFFF);
        assertThat(narrow).isNotSameAs(nic);
    }
}
