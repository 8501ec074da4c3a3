/**
 * The IOMMU (spec §2.2, [07] [13]-[21] [28] [31] [37]). {@link io.mapdirect.iommu.Iommu} attaches
 * each PCI device in one {@link io.mapdirect.iommu.IommuMode}: no IOMMU, an identity domain
 * (passthrough: DMA address = physical, nothing can be revoked), or a DMA domain in strict or lazy
 * mode. A DMA {@link io.mapdirect.iommu.IommuDomain} has an {@link io.mapdirect.iommu.IovaAllocator}
 * that makes reuse of freed ranges likely (the crux of Woodhouse's objection [15]), a page table,
 * an IOTLB filled by the device's walks and dropped only by explicit invalidation, and a flush
 * queue (256 entries, 10 ms timer) through which lazy unmaps defer both the invalidation and the
 * IOVA free, so stale IOTLB entries keep translating meanwhile [28]. {@code iommu_unmap} is
 * synchronous, {@code iommu_unmap_fast} is not until {@code iommu_iotlb_sync}.
 * {@link io.mapdirect.iommu.IommuSg} counts scatterlist pages exactly as [21]. Every change a
 * checker needs is an {@link io.mapdirect.iommu.IommuEvent}. Nothing here sleeps; the only yield
 * point is between the PTE clear and the IOTLB invalidation of a strict unmap.
 */
package io.mapdirect.iommu;
