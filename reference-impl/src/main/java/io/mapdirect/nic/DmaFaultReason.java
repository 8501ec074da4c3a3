package io.mapdirect.nic;

/** Why a device DMA did not land. */
public enum DmaFaultReason {
    /** No such MR key, or the MR was invalidated or destroyed. */
    MR_INVALID,
    /** The MR's QP is in the error state. */
    QP_ERROR,
    /** The offset lies outside the MR. */
    OUT_OF_RANGE,
    /** The IOMMU had no translation: an IOMMU fault. */
    IOMMU_NOT_PRESENT,
    /** The IOMMU translation does not allow the access. */
    IOMMU_PERMISSION,
    /** The address reached no memory (a bus error). */
    NO_MEMORY,
    /** An ODP page fault the driver could not resolve. */
    ODP_UNRESOLVED
}
