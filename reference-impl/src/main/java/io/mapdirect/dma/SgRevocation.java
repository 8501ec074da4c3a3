package io.mapdirect.dma;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.ScatterList;
import io.mapdirect.iommu.IommuDomain;
import io.mapdirect.iommu.IommuProt;
import io.mapdirect.iommu.IommuSg;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Oops;

/**
 * What an RDMA lease break does to an MR's mapped scatterlist through the IOMMU API, leaving the
 * IOVA range allocated so no later mapping can reuse it while the device may still target it
 * ([16]-[19], v8 [22]). The range is the one {@code dma_map_sg()} set up: it starts at
 * {@code sg_dma_address(sgl) & PAGE_MASK} and is {@code iommu_sg_num_pages()} pages long, counted
 * here without rewriting the entries' {@code dma_address} (see {@link #iommuUnmapSg}).
 */
public final class SgRevocation {
    private final Kernel kernel;

    SgRevocation(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * v8's break action [22]:
     * <pre>
     * iommu_unmap(umem-&gt;iommu, sg_dma_address(sgl) &amp; PAGE_MASK,
     *             iommu_sg_num_pages(dev, sgl, umem-&gt;npages));
     * </pre>
     * synchronous: PTEs cleared and the IOTLB invalidated before it returns [31]. Two slips of
     * that line are not carried over (neither is a spec §5 fault): its size argument is a page
     * count where {@code iommu_unmap()} takes bytes (as written it is unaligned and unmaps
     * nothing), and {@code iommu_sg_num_pages()} as an argument rewrites {@code sg_dma_address(sgl)}
     * in an unspecified order with the first argument. The model passes {@code npages << PAGE_SHIFT}
     * and leaves the entries intact for {@code dma_unmap_sg()} at release. Returns what
     * {@code iommu_unmap()} returns. A null domain oopses as {@code iommu_unmap(NULL, ...)} would.
     */
    public long iommuUnmapSg(IommuDomain domain, PciDevice dev, ScatterList sgl, int nents) {
        IommuDomain target = Oops.deref(domain, "iommu_unmap", "umem->iommu");
        long start = rangeStart(sgl);
        int npages = IommuSg.countPages(dev, sgl, nents);
        long unmapped = target.iommuUnmap(start, (long) npages << Pmem.PAGE_SHIFT);
        kernel.emit(new DmaEvent.SgRevoked(dev.name(), start, npages, DmaEvent.RevokeKind.IOMMU_UNMAP));
        return unmapped;
    }

    /**
     * The lazy revocation of fault LAZY_IOTLB [28]: {@code iommu_unmap_fast()} and the range on the
     * flush queue <em>without</em> freeing its IOVA; until the queue drains (10 ms, or 256
     * entries) the device's stale IOTLB entries keep translating. Returns the bytes of PTEs cleared.
     */
    public long iommuUnmapSgLazy(IommuDomain domain, PciDevice dev, ScatterList sgl, int nents) {
        IommuDomain target = Oops.deref(domain, "iommu_unmap_fast", "umem->iommu");
        long start = rangeStart(sgl);
        int npages = IommuSg.countPages(dev, sgl, nents);
        long unmapped = target.iommuUnmapFast(start, (long) npages << Pmem.PAGE_SHIFT);
        target.queueFlush(start >>> Pmem.PAGE_SHIFT, npages, false);
        kernel.emit(new DmaEvent.SgRevoked(dev.name(), start, npages, DmaEvent.RevokeKind.IOMMU_UNMAP_LAZY));
        return unmapped;
    }

    /**
     * The REMAP variant's break action [43]: every mapped page of the range retargeted to
     * {@code scratchBlock} (read-write), IOTLB invalidated before returning; the device keeps
     * working without an IOMMU fault but reaches only the scratch block. Returns the bytes
     * retargeted.
     */
    public long remapSgToScratch(IommuDomain domain, PciDevice dev, ScatterList sgl, int nents, int scratchBlock) {
        IommuDomain target = Oops.deref(domain, "iommu_remap", "umem->iommu");
        long start = rangeStart(sgl);
        int npages = IommuSg.countPages(dev, sgl, nents);
        long retargeted = target.iommuRemap(start, (long) npages << Pmem.PAGE_SHIFT, scratchBlock,
                IommuProt.READ_WRITE);
        kernel.emit(new DmaEvent.SgRevoked(dev.name(), start, npages, DmaEvent.RevokeKind.REMAP_SCRATCH));
        return retargeted;
    }

    private static long rangeStart(ScatterList sgl) {
        return sgl.get(0).dmaAddress() & Pmem.PAGE_MASK;
    }
}
