package io.mapdirect.dma;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.ScatterList;
import io.mapdirect.iommu.IommuDomain;
import io.mapdirect.iommu.IommuProt;
import io.mapdirect.iommu.IommuSg;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Oops;
import io.mapdirect.kernel.Repair;

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
     * synchronous: PTEs cleared and the IOTLB invalidated before it returns [31]. Two slips of that
     * line are repaired, each switchable. Its size argument is a page count where
     * {@code iommu_unmap()} takes bytes: as posted it is unaligned and unmaps nothing (reverted
     * V8_BREAK_UNMAP_SIZE_IN_BYTES); repaired the model passes {@code npages << PAGE_SHIFT}. And
     * {@code iommu_sg_num_pages()} as an argument rewrites every entry's {@code dma_address} (to its
     * page offset in the range), so {@code dma_unmap_sg()} at release finds a range at 0 (reverted
     * V8_BREAK_KEEPS_SG_DMA_ADDRESS, with {@code sg_dma_address(sgl)} evaluated first); repaired the
     * model counts without writing. Returns what {@code iommu_unmap()} returns. A null domain oopses
     * as {@code iommu_unmap(NULL, ...)} would. On an Intel IOMMU the domain is a DMA-API
     * {@code dmar_domain} without IOMMU-API ops ({@link IommuDomain#hasIommuApiOps()}): as posted
     * {@code iommu_unmap()} dereferences its NULL {@code ops} (reverted
     * INTEL_DMA_DOMAIN_TAKES_IOMMU_API); repaired the model unmaps as it would in an IOMMU-API domain.
     *
     * @kernel drivers/infiniband/core/umem.c ib_umem_lease_break() [22]
     * @departure repair INTEL_DMA_DOMAIN_TAKES_IOMMU_API
     * @departure repair V8_BREAK_UNMAP_SIZE_IN_BYTES
     * @departure repair V8_BREAK_KEEPS_SG_DMA_ADDRESS
     */
    public long iommuUnmapSg(IommuDomain domain, PciDevice dev, ScatterList sgl, int nents) {
        IommuDomain target = Oops.deref(domain, "iommu_unmap", "umem->iommu");
        if (!target.hasIommuApiOps() && !kernel.repaired(Repair.INTEL_DMA_DOMAIN_TAKES_IOMMU_API)) {
            // [20] intel_dma_get_iommu(): "return &domain->domain;" of a DMA-API dmar_domain, whose
            // iommu_domain has no ops: __iommu_unmap() reads "ops->unmap" through NULL
            Oops.deref(null, "iommu_unmap", "domain->ops (intel-iommu DMA-API domain " + target.id() + ")");
        }
        long start = rangeStart(sgl);
        int npages;
        if (kernel.repaired(Repair.V8_BREAK_KEEPS_SG_DMA_ADDRESS)) {
            npages = IommuSg.countPages(dev, sgl, nents);
        } else {
            // [22] "iommu_sg_num_pages(dev, sgl, umem->npages)": s->dma_address = npages << PAGE_SHIFT
            npages = IommuSg.iommuSgNumPages(dev, sgl, nents);
        }
        long size;
        if (kernel.repaired(Repair.V8_BREAK_UNMAP_SIZE_IN_BYTES)) {
            size = (long) npages << Pmem.PAGE_SHIFT;
        } else {
            // [22] the page count passed as iommu_unmap()'s size_t size (bytes)
            size = npages;
        }
        long unmapped = target.iommuUnmap(start, size);
        kernel.emit(new DmaEvent.SgRevoked(dev.name(), start, npages, DmaEvent.RevokeKind.IOMMU_UNMAP));
        return unmapped;
    }

    /**
     * The lazy revocation of fault LAZY_IOTLB [28]: {@code iommu_unmap_fast()} and the range on the
     * flush queue <em>without</em> freeing its IOVA; until the queue drains (10 ms, or 256
     * entries) the device's stale IOTLB entries keep translating. Returns the bytes of PTEs cleared.
     *
     * @kernel drivers/infiniband/core/umem.c ib_umem_lease_break() [22] [28]
     * @departure fault LAZY_IOTLB
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
