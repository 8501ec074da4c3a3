package io.mapdirect.iommu;

/** How DMA from a device reaches memory (spec §2.2). */
public enum IommuMode {
    /** No IOMMU: the DMA address is the physical address. */
    NONE,
    /** An identity (passthrough, {@code iommu=pt}) domain: DMA address = physical, nothing to revoke [19] [28]. */
    IDENTITY,
    /** A DMA domain whose unmap invalidates the IOTLB before it returns ({@code intel_iommu=strict}) [31]. */
    DMA_STRICT,
    /** A DMA domain whose DMA-API unmaps defer IOTLB invalidation to a flush queue [28]. */
    DMA_LAZY;

    /** Whether DMA for a device in this mode is translated by a page table. */
    public boolean translates() {
        return this == DMA_STRICT || this == DMA_LAZY;
    }
}
