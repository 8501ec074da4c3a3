package io.mapdirect.kernel;

/**
 * The known bugs of the seed (SPEC section 5), each an injectable fault. A fault changes the model
 * at exactly the place the seed's code is wrong and nowhere else; checkers never read which is on.
 */
public enum KnownBug {
    /** [05] {@code while ((error = break_layout(inode, false) == -EWOULDBLOCK))}: other errors are swallowed. */
    BREAK_LAYOUTS_PRECEDENCE,
    /** [04] the invalidation work unlocks through the VMA pointer that the last VMA close cleared. */
    INVALIDATE_AFTER_VMA_CLOSE,
    /** [11] [22] {@code struct ib_umem *umem = umem;}: the break callback revokes nothing. */
    UMEM_BREAK_WRONG_OWNER,
    /** [08] the lease_direct error path frees the inner object instead of the allocation and keeps the file reference. */
    LEASE_ERR_PATH,
    /** [11] [15] v7 frees the IOVA at break time with dma_unmap_sg. */
    V7_UNMAP_AT_BREAK,
    /** [28] revocation goes through the lazy flush queue: stale IOTLB entries translate after the break. */
    LAZY_IOTLB,
    /** [07] [19] v7's dma_has_iommu() says yes for an identity-mapped (passthrough) device. */
    IDENTITY_HAS_IOMMU,
    /**
     * [03] [29] v7's {@code i_mapdcount} check in {@code xfs_file_iomap_begin()}: an allocating write
     * fault through another process's mapping gets SIGBUS (ETXTBSY) instead of breaking the lease, and
     * so does a DAX write(2) that allocates while a MAP_DIRECT mapping exists.
     */
    ALLOC_FAULT_NO_BREAK,
    /** [25] the i_mapdcount check sits where copy-on-write of reflinked blocks does not pass. */
    REFLINK_MISSED,
    /** [09] "is the MAP_DIRECT state breaking" is checked before taking the new lease instead of after. */
    LEASE_DIRECT_CHECK_FIRST,
    /** [06] [26] registration without the flush of in-flight faults. */
    NO_FAULT_FLUSH,
    /** [10] device-dax shutdown without breaking layouts. */
    DEVDAX_KILL_NO_BREAK
}
