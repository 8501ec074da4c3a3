package io.mapdirect.hw;

import io.mapdirect.kernel.Oops;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A scatter-gather table ({@code struct sg_table} of {@code struct scatterlist} entries,
 * include/linux/scatterlist.h). Each entry names a physically contiguous run of memory (first
 * block, offset into it, length in bytes) and, once mapped, its DMA address and DMA length. The
 * DMA layer and {@code iommu_sg_num_pages()} [21] write {@code dmaAddress}; nothing else does.
 */
public final class ScatterList {
    /** One {@code struct scatterlist}. */
    public static final class Entry {
        private final int block;
        private final int offset;
        private final int length;
        private long dmaAddress;
        private int dmaLength;

        Entry(int block, int offset, int length) {
            this.block = block;
            this.offset = offset;
            this.length = length;
        }

        /** The first pmem block ({@code sg_page()}). */
        public int block() {
            return block;
        }

        /** Byte offset into the first block, below {@link Pmem#PAGE_SIZE}. */
        public int offset() {
            return offset;
        }

        /** Length in bytes; the run may span several physically contiguous blocks. */
        public int length() {
            return length;
        }

        /** {@code sg_phys()}: physical address of the first byte. */
        public long physAddress() {
            return Pmem.physAddress(block) + offset;
        }

        /** {@code sg_dma_address()}. */
        public long dmaAddress() {
            return dmaAddress;
        }

        /** {@code sg_dma_len()}. */
        public int dmaLength() {
            return dmaLength;
        }

        /** Sets {@code s->dma_address}; for the DMA-mapping and IOMMU layers. */
        public void setDmaAddress(long address) {
            this.dmaAddress = address;
        }

        /** Sets {@code s->dma_length}; for the DMA-mapping layer. */
        public void setDmaLength(int lengthBytes) {
            this.dmaLength = lengthBytes;
        }

        @Override
        public String toString() {
            return "sg{block " + block + " +" + offset + " len " + length + " dma 0x"
                    + Long.toHexString(dmaAddress) + "/" + dmaLength + "}";
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** An empty table ({@code sg_alloc_table} is the caller's allocation to account for). */
    public ScatterList() {
    }

    /** A table with one whole-page entry per block, as ib_umem_get builds it [11] [22]. */
    public static ScatterList ofPages(int... blocks) {
        ScatterList sgl = new ScatterList();
        for (int block : blocks) {
            sgl.add(block, 0, Pmem.PAGE_SIZE);
        }
        return sgl;
    }

    /**
     * Mirrors {@code sg_set_page()} on the next entry. A negative block or length, or an offset
     * outside the first page, is a bug in the caller (BUG).
     *
     * @kernel include/linux/scatterlist.h sg_set_page() [11] [22]
     */
    public ScatterList add(int block, int offset, int lengthBytes) {
        Oops.bugOn(block < 0 || offset < 0 || offset >= Pmem.PAGE_SIZE || lengthBytes < 0, "sg_set_page",
                "block " + block + " offset " + offset + " length " + lengthBytes);
        entries.add(new Entry(block, offset, lengthBytes));
        return this;
    }

    /** Entry {@code index}. */
    public Entry get(int index) {
        return entries.get(index);
    }

    /** Number of entries ({@code orig_nents}). */
    public int size() {
        return entries.size();
    }

    /** The entries, in order (read-only view). */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
