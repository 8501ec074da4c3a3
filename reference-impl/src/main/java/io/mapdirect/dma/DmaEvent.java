package io.mapdirect.dma;

import io.mapdirect.kernel.KEvent;

/** DMA-mapping events: scatterlists mapped, unmapped and revoked, for the checkers and timelines. */
public sealed interface DmaEvent extends KEvent {
    /** How an RDMA break revoked a mapped scatterlist. */
    enum RevokeKind {
        /** v8 [22]: {@code iommu_unmap()}, synchronous; the IOVA stays allocated. */
        IOMMU_UNMAP,
        /** {@code iommu_unmap_fast()} and the flush queue (fault LAZY_IOTLB [28]); the IOVA stays allocated. */
        IOMMU_UNMAP_LAZY,
        /** REMAP [43]: the PTEs retargeted to a scratch block. */
        REMAP_SCRATCH
    }

    /**
     * {@code dma_map_sg()} mapped {@code nents} entries; {@code dmaAddress} is the first entry's page
     * (the IOVA range start when {@code translated}, else a physical address) and {@code pages} the
     * IOVA pages allocated (with padding) or the pages the entries span.
     */
    record SgMapped(String device, long dmaAddress, int pages, int nents, boolean translated) implements DmaEvent { }

    /** {@code dma_map_sg()} failed and returned 0 having undone everything. */
    record SgMapFailed(String device, int nents, String why) implements DmaEvent { }

    /** {@code dma_unmap_sg()}: the range's PTEs are gone; {@code lazy} when its IOTLB flush and IOVA free were queued. */
    record SgUnmapped(String device, long dmaAddress, int pages, boolean lazy, boolean translated) implements DmaEvent { }

    /** An RDMA break revoked the range {@code [dmaAddress, dmaAddress + pages pages)} by {@code kind}. */
    record SgRevoked(String device, long dmaAddress, int pages, RevokeKind kind) implements DmaEvent { }
}
