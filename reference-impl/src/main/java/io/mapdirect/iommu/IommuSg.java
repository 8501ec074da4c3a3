package io.mapdirect.iommu;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.ScatterList;
import io.mapdirect.kernel.Oops;

/**
 * Scatterlist page counting for IOVA ranges: {@code iommu_sg_num_pages()} as up-levelled from
 * amd-iommu's {@code sg_num_pages()} in [21], and its helpers.
 */
public final class IommuSg {
    private static final int BITS_PER_LONG = 64;

    private IommuSg() {
    }

    /**
     * Mirrors {@code iommu_sg_num_pages()} [21], line by line:
     * <pre>
     * mask = dma_get_seg_boundary(dev);
     * boundary_size = mask + 1 ? ALIGN(mask + 1, PAGE_SIZE) &gt;&gt; PAGE_SHIFT
     *         : 1UL &lt;&lt; (BITS_PER_LONG - PAGE_SHIFT);
     * for_each_sg(sglist, s, nelems, i) {
     *         s-&gt;dma_address = npages &lt;&lt; PAGE_SHIFT;
     *         p = npages % boundary_size;
     *         n = iommu_num_pages(sg_phys(s), s-&gt;length, PAGE_SIZE);
     *         if (p + n &gt; boundary_size)
     *                 npages += boundary_size - p;
     *         npages += n;
     * }
     * </pre>
     * Each entry's {@code dma_address} becomes its page offset in the IOVA range, and, as in the C,
     * it is written <em>before</em> the padding for a boundary crossing is added: a padded entry
     * keeps its unpadded offset (and still crosses the boundary) while the padding pages go unused
     * after it. {@code map_sg()} maps each entry at that offset, so the model does too. Unsigned
     * arithmetic as in C; a {@code boundary_size} that wraps to 0 is the kernel's divide error (BUG).
     *
     * @kernel drivers/iommu/iommu.c iommu_sg_num_pages() [21]
     * @kernel drivers/iommu/amd_iommu.c sg_num_pages() [21]
     */
    public static int iommuSgNumPages(PciDevice dev, ScatterList sglist, int nelems) {
        return walk(dev, sglist, nelems, true);
    }

    /** The count {@link #iommuSgNumPages} returns, without writing any {@code dma_address}. */
    public static int countPages(PciDevice dev, ScatterList sglist, int nelems) {
        return walk(dev, sglist, nelems, false);
    }

    /**
     * The page offset {@link #iommuSgNumPages} assigns to entry {@code index} (what it writes into
     * {@code dma_address >> PAGE_SHIFT}), without writing anything.
     */
    public static int pageOffsetOf(PciDevice dev, ScatterList sglist, int index) {
        return walk(dev, sglist, index, false);
    }

    /**
     * {@code boundary_size} for a segment-boundary mask, in pages (unsigned).
     *
     * @kernel drivers/iommu/iommu.c iommu_sg_num_pages() [21]
     */
    public static long boundarySizePages(long mask) {
        return mask + 1 != 0 ? align(mask + 1, Pmem.PAGE_SIZE) >>> Pmem.PAGE_SHIFT : 1L << (BITS_PER_LONG - Pmem.PAGE_SHIFT);
    }

    /**
     * Mirrors {@code iommu_num_pages()}: the I/O pages {@code [addr, addr + len)} touches.
     *
     * @kernel lib/iommu-helper.c iommu_num_pages() [21]
     */
    public static long iommuNumPages(long addr, long len, long ioPageSize) {
        long size = (addr & (ioPageSize - 1)) + len;
        return Long.divideUnsigned(size + ioPageSize - 1, ioPageSize);
    }

    private static int walk(PciDevice dev, ScatterList sglist, int nelems, boolean writeDmaAddress) {
        Oops.bugOn(nelems > sglist.size(), "iommu_sg_num_pages", "nelems " + nelems + " > " + sglist.size() + " entries");
        long boundarySize = boundarySizePages(dev.segmentBoundaryMask());
        Oops.bugOn(boundarySize == 0, "iommu_sg_num_pages", "divide error: segment boundary mask 0x"
                + Long.toHexString(dev.segmentBoundaryMask()) + " gives boundary_size 0");
        int npages = 0;
        for (int i = 0; i < nelems; i++) {
            ScatterList.Entry s = sglist.get(i);
            if (writeDmaAddress) {
                s.setDmaAddress(npages << Pmem.PAGE_SHIFT);
            }
            long p = Long.remainderUnsigned(npages, boundarySize);
            int n = (int) iommuNumPages(s.physAddress(), Integer.toUnsignedLong(s.length()), Pmem.PAGE_SIZE);
            if (Long.compareUnsigned(p + n, boundarySize) > 0) {
                npages += (int) (boundarySize - p);
            }
            npages += n;
        }
        return npages;
    }

    private static long align(long x, long a) {
        return (x + a - 1) & ~(a - 1);
    }
}
