package io.mapdirect.kernel;

/**
 * The known bugs of the seed (spec §5), each an injectable fault. A fault changes the model
 * at exactly the place the seed's code is wrong and nowhere else; checkers never read which is on.
 */
public enum KnownBug implements InjectedFault {
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
    /**
     * [28] [31] revocation goes through the lazy flush queue: stale IOTLB entries translate after the
     * break. A known bug with no posted code. Robin Murphy [28]: revoking with {@code iommu_unmap()}
     * "is also going to require some way to force the IOMMU drivers (on x86 at least) to do a
     * fully-synchronous unmap, instead of just throwing the IOVA onto a flush queue to invalidate the
     * TLBs at some point in the future". Dan Williams [31]: "Isn't that the difference between
     * iommu_unmap() and iommu_unmap_fast()? As far as I can tell amd-iommu and intel-iommu both flush
     * iotlbs on iommu_unmap() and don't support fast unmaps." ([37] reviews the helper's naming only.)
     * No line of the series queues the revocation's flush: v8's {@code ib_umem_lease_break()} [22]
     * calls {@code iommu_unmap()}, and v7's {@code dma_unmap_sg()} at break [11] is the fault
     * V7_UNMAP_AT_BREAK. The fault models the concern of [28], a driver whose unmap defers the IOTLB
     * flush as the DMA API's own lazy unmaps do ({@code iommu_unmap_fast()} and the flush queue,
     * {@code SgRevocation#iommuUnmapSgLazy}); the {@code *_POSTED} variants leave it off.
     */
    LAZY_IOTLB,
    /**
     * [07] [19] v7's dma_has_iommu() says yes for an identity-mapped (passthrough) device: the reading
     * of [19] ("so the dma_ops implementation can exclude identity-mapped devices") that v7 does not
     * exclude them. It is placed on amd-iommu's line, {@code amd_dma_has_iommu()}:
     * {@code return !IS_ERR(get_domain(dev));}, read as {@code get_domain()} succeeding for the
     * passthrough domain. In 4.14 it does not ({@code amd_iommu_add_device()} gives
     * {@code amd_iommu_dma_ops} only to devices whose default domain is not identity, and
     * {@code get_domain()} returns {@code ERR_PTR(-EBUSY)} for a domain that is not a DMA-ops domain),
     * and intel-iommu's {@code return !iommu_no_mapping(dev);} is false for an identity-mapped device,
     * so no posted line gives this answer on either vendor; on an Intel IOMMU the fault changes
     * nothing. Were the reading right, v8's {@code amd_dma_get_iommu()} would share it: it tests the
     * same {@code get_domain(dev)}. The fault acts on v7's helper only.
     */
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
