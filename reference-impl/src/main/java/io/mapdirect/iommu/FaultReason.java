package io.mapdirect.iommu;

/** Why a device's DMA was not translated. */
public enum FaultReason {
    /** No IOTLB entry and no page-table entry: an IOMMU fault (DMAR "PTE Read/Write access is not set"). */
    NOT_PRESENT,
    /** The entry does not allow the access (a write through a read-only mapping). */
    PERMISSION,
    /** The physical address is outside memory (no IOMMU, identity, or a PTE to a missing block): a bus error. */
    NO_MEMORY
}
