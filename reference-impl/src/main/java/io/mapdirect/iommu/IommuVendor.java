package io.mapdirect.iommu;

/**
 * Whose IOMMU driver the platform runs. The series touches the two x86 drivers ("Since PMEM+DAX is
 * currently only enabled for x86, we only update the x86 iommu drivers" [07] [20]), and their
 * {@code dma_map_ops} answer the series' helpers by different tests: amd-iommu by
 * {@code get_domain(dev)}, intel-iommu by {@code iommu_no_mapping(dev)}.
 */
public enum IommuVendor {
    /**
     * drivers/iommu/amd_iommu.c: {@code amd_iommu_dma_ops} only for devices whose default domain is
     * not identity ({@code amd_iommu_add_device()}); {@code map_sg()} lays a scatterlist out with
     * {@code sg_num_pages()}, the helper [21] up-levels. The default: the model's
     * {@code dma_map_sg()} is this driver's.
     */
    AMD,
    /**
     * drivers/iommu/intel-iommu.c: {@code intel_dma_ops} for every device once the IOMMU is on,
     * identity-mapped ones included, which {@code iommu_no_mapping(dev)} tells apart.
     */
    INTEL
}
