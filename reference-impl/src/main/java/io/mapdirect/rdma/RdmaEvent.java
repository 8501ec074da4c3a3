package io.mapdirect.rdma;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KEvent;
import io.mapdirect.mm.MmuNotifier;
import java.util.List;

/**
 * RDMA memory-registration events for the invariant checkers (DMA_AFTER_REVOKE,
 * DMA_TO_FOREIGN_BLOCK, REG_ON_BROKEN_REFUSED, DAX_REG_NEEDS_IOMMU, IOVA_NO_REUSE, NO_LEAK,
 * ODP_COHERENT) and for timelines. {@code device} is the IB device's name; {@code umem} the label of
 * the {@code ib_umem} (the owner string of its lease_direct leases in
 * {@link io.mapdirect.fs.mapdirect.MapDirectEvents.BreakCallbackReturned}).
 */
public sealed interface RdmaEvent extends KEvent {
    /** What a lease break callback did to the MR's device access. */
    enum RevokeAction {
        /** v7 [11]: {@code dma_unmap_sg()}; the IOVA range is freed. */
        DMA_UNMAP_SG,
        /** v8 [22]: synchronous {@code iommu_unmap()}; the IOVA stays allocated. */
        IOMMU_UNMAP,
        /** Fault LAZY_IOTLB [28]: {@code iommu_unmap_fast()} with the IOTLB flush queued. */
        IOMMU_UNMAP_LAZY,
        /** REMAP [43]: the IOVAs retargeted to the scratch page. */
        REMAP_SCRATCH,
        /** Nothing was mapped (yet, or any more): nothing to revoke; a registration in progress fails. */
        NOTHING_MAPPED,
        /** Fault UMEM_BREAK_WRONG_OWNER [11] [22]: the callback did not look at its MR and revoked nothing. */
        NONE_WRONG_OWNER
    }

    /**
     * One pinned page of an MR: the user address, the physical page, the bus address the device
     * uses for it, and, for a shared file mapping, the inode number and file block it was registered
     * at ({@code -1, -1} for anonymous or private memory).
     */
    record MrPage(long address, long pfn, long busAddress, long ino, long fileBlock) { }

    /**
     * An MR was registered ({@code ibv_reg_mr}). For a pinned MR behind a translating domain
     * {@code [iovaStartPfn, iovaStartPfn + iovaPages)} is its IOVA range; {@code iovaStartPfn} is -1
     * when the bus addresses are physical. An ODP MR has no pages.
     */
    record MrRegistered(String device, int mrKey, int pid, String umem, boolean odp, long address, long lengthBytes,
                        long iovaStartPfn, long iovaPages, List<MrPage> pages) implements RdmaEvent {
        public MrRegistered {
            pages = List.copyOf(pages);
        }
    }

    /** A registration failed with {@code errno}; it left nothing behind. */
    record MrRegistrationFailed(String device, int pid, long address, long lengthBytes, Errno errno)
            implements RdmaEvent { }

    /**
     * The lease break callback of {@code umem} (MR {@code mrKey}, -1 if the MR was not created yet)
     * finished its revocation; emitted as the callback returns.
     */
    record MrRevoked(String device, int mrKey, String umem, RevokeAction action) implements RdmaEvent { }

    /** An MR was deregistered ({@code ibv_dereg_mr}, or the uverbs context closed at exit). */
    record MrDeregistered(String device, int mrKey, int pid, String umem) implements RdmaEvent { }

    /**
     * An ODP page fault was resolved: MR page at user {@code address} now translates to {@code pfn},
     * which the process's mapping had at that instant ({@code ino}/{@code fileBlock} as in
     * {@link MrPage}).
     */
    record OdpFaultResolved(String device, int mrKey, int pid, long address, long pfn, boolean writable, long ino,
                            long fileBlock) implements RdmaEvent { }

    /**
     * An MMU-notifier invalidation of {@code [startAddr, endAddr)} reached an ODP MR and zapped
     * {@code dropped} device translations, before the page tables changed [34] [38].
     */
    record OdpInvalidated(String device, int mrKey, int pid, long startAddr, long endAddr, MmuNotifier.Event cause,
                          int dropped) implements RdmaEvent { }
}
