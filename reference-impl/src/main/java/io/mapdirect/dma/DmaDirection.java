package io.mapdirect.dma;

import io.mapdirect.iommu.IommuProt;

/** {@code enum dma_data_direction}, with the IOMMU protection each needs ({@code dir2prot()}). */
public enum DmaDirection {
    /** The device reads and writes memory (RDMA MRs with remote write). */
    BIDIRECTIONAL(IommuProt.READ_WRITE),
    /** The device reads memory. */
    TO_DEVICE(IommuProt.READ),
    /** The device writes memory. */
    FROM_DEVICE(IommuProt.WRITE);

    private final int prot;

    DmaDirection(int prot) {
        this.prot = prot;
    }

    /**
     * Mirrors amd-iommu's {@code dir2prot()}.
     *
     * @kernel drivers/iommu/amd_iommu.c dir2prot()
     */
    public int prot() {
        return prot;
    }
}
