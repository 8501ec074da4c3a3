package io.mapdirect.rdma;

import io.mapdirect.dma.DmaDirection;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Repair;
import io.mapdirect.rdma.RdmaEvent.RevokeAction;

/**
 * {@code ib_umem_lease_break()}, the callback a umem's lease_direct leases run when the file's
 * layout is broken [08] [11] [22]: it revokes the device's access to the MR's pages. Which revocation
 * is the design's: v7 {@code dma_unmap_sg} (the IOVA range is freed), v8 {@code iommu_unmap} of the
 * range (the IOVA stays allocated until release), REMAP a retarget of the IOVAs to the scratch page
 * [43]. When it runs (at once, or after lease-break-time) is the lease_direct core's business.
 *
 * <p>The NIC's MR context is left as it is in every design, as the seed leaves it: v7 and v8
 * revoke below the NIC, in the IOMMU, so a later DMA through the MR faults there (or, v7, reaches
 * whatever reuses the IOVA); REMAP keeps the MR working into the scratch page so the device sees no
 * error, which is the point of REMAP [43] [46]; invalidating the MR instead is Jason's alternative
 * [32], which no variant models. The context goes at deregistration.
 */
final class UmemLeaseBreak {
    private final Kernel kernel;

    UmemLeaseBreak(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Mirrors {@code ib_umem_lease_break(void *__umem)}. With {@link KnownBug#UMEM_BREAK_WRONG_OWNER}
     * it is the seed's {@code struct ib_umem *umem = umem;}: the local is initialised from itself,
     * not from {@code __umem}, so it holds whatever was on the stack. The model takes the kindest
     * reading of that undefined value, a umem with nothing mapped ({@code nmap == 0}, v7's test fails;
     * an {@code iommu_unmap} of an empty range, v8): the callback revokes nothing and returns as if
     * it had, which is what makes the fault dangerous rather than a crash.
     *
     * @kernel drivers/infiniband/core/umem.c ib_umem_lease_break() [11] [22]
     * @departure fault UMEM_BREAK_WRONG_OWNER
     */
    void leaseBreak(Object owner) {
        IbUmem umem = (IbUmem) owner;
        if (kernel.bug(KnownBug.UMEM_BREAK_WRONG_OWNER)) {
            // [11] [22] "struct ib_umem *umem = umem;": not the __umem it was passed.
            finish(umem, RevokeAction.NONE_WRONG_OWNER);
        } else {
            finish(umem, revoke(umem));
        }
    }

    /**
     * The callback's body for the umem it was passed: v7's {@code dma_unmap_sg()} [11] (also the
     * fault V7_UNMAP_AT_BREAK on the later designs), or the design's revocation.
     *
     * @kernel drivers/infiniband/core/umem.c ib_umem_lease_break() [11] [22]
     * @departure fault V7_UNMAP_AT_BREAK
     */
    private RevokeAction revoke(IbUmem umem) {
        umem.use("ib_umem_lease_break");
        umem.setRevoked();
        if (umem.mrLive()) {
            kernel.probes().hit("break while MR active");
        }
        if (kernel.bug(KnownBug.V7_UNMAP_AT_BREAK)) {
            // [11] "ib_dma_unmap_sg(dev, umem->sg_head.sgl, umem->npages, DMA_BIDIRECTIONAL);" at
            // break time frees the IOVA range while the device may still target it [15].
            return dmaUnmapSg(umem);
        } else {
            return revokeAsDesigned(umem);
        }
    }

    /**
     * The design's revocation. v8 [22] as posted has no {@code nmap} test: a break before
     * {@code dma_map_sg()} runs its {@code iommu_unmap()} on the entries' unset DMA address (0); the
     * model returns at once instead and leaves the refusal to {@code ib_umem_get()}
     * (UMEM_BREAK_DURING_REG_REFUSES). REMAP has no posted code and no mapping to retarget.
     *
     * @kernel drivers/infiniband/core/umem.c ib_umem_lease_break() [11] [22]
     * @departure repair UMEM_BREAK_DURING_REG_REFUSES
     * @departure fault LAZY_IOTLB
     */
    private RevokeAction revokeAsDesigned(IbUmem umem) {
        Policy.Revoke revoke = kernel.policy().revoke();
        if (revoke == Policy.Revoke.DMA_UNMAP_SG) {
            return dmaUnmapSg(umem);
        }
        if (umem.nmap() <= 0 && (revoke == Policy.Revoke.REMAP_SCRATCH
                || kernel.repaired(Repair.UMEM_BREAK_DURING_REG_REFUSES))) {
            return RevokeAction.NOTHING_MAPPED;
        }
        IbDevice device = umem.device();
        if (revoke == Policy.Revoke.REMAP_SCRATCH) {
            device.dma().revocation().remapSgToScratch(umem.iommu(), device.dmaDevice(), umem.sg(), umem.npages(),
                    (int) device.scratchPfn());
            return RevokeAction.REMAP_SCRATCH;
        }
        if (kernel.bug(KnownBug.LAZY_IOTLB)) {
            // [28] the unmap goes through the flush queue: "throwing the IOVA onto a flush queue to
            // invalidate the TLBs at some point in the future".
            device.dma().revocation().iommuUnmapSgLazy(umem.iommu(), device.dmaDevice(), umem.sg(), umem.npages());
            return RevokeAction.IOMMU_UNMAP_LAZY;
        } else {
            device.dma().revocation().iommuUnmapSg(umem.iommu(), device.dmaDevice(), umem.sg(), umem.npages());
            return RevokeAction.IOMMU_UNMAP;
        }
    }

    /**
     * v7 [11]: {@code if (umem->nmap > 0 && test_and_clear_bit(IB_UMEM_MAPPED, &umem->state)) ib_dma_unmap_sg(...)}.
     *
     * @kernel drivers/infiniband/core/umem.c ib_umem_lease_break() [11]
     */
    private static RevokeAction dmaUnmapSg(IbUmem umem) {
        if (umem.nmap() > 0 && umem.testAndClearMapped()) {
            IbDevice device = umem.device();
            device.dma().dmaUnmapSg(device.dmaDevice(), umem.sg(), umem.npages(), DmaDirection.BIDIRECTIONAL);
            return RevokeAction.DMA_UNMAP_SG;
        }
        return RevokeAction.NOTHING_MAPPED;
    }

    private void finish(IbUmem umem, RevokeAction action) {
        kernel.emit(new RdmaEvent.MrRevoked(umem.device().name(), umem.mrKey(), umem.toString(), action));
    }
}
