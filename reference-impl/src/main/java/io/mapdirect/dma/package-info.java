/**
 * The DMA-mapping API (spec §2.2, [07] [20] [21] [22] [28]). {@link io.mapdirect.dma.DmaMapping}
 * maps and unmaps scatterlists for a device according to its IOMMU mode: physical addresses
 * without an IOMMU or in an identity domain, one IOVA range sized by {@code iommu_sg_num_pages()}
 * through a DMA domain, unmapped synchronously (strict) or through the flush queue (lazy). It
 * answers v7's {@code dma_has_iommu()} (with fault IDENTITY_HAS_IOMMU's wrong answer for
 * passthrough devices) and v8's {@code dma_get_iommu_domain()}. {@link io.mapdirect.dma.SgRevocation}
 * holds what the RDMA break paths do to a mapped range while keeping its IOVA allocated: v8's
 * synchronous {@code iommu_unmap()}, the lazy variant behind fault LAZY_IOTLB, and the REMAP
 * variant's retarget to a scratch block. Mapping-level changes are {@link io.mapdirect.dma.DmaEvent}s.
 */
package io.mapdirect.dma;
