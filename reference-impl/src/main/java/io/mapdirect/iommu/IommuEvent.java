package io.mapdirect.iommu;

import io.mapdirect.kernel.KEvent;

/**
 * IOMMU events for the checkers (IOVA_NO_REUSE, IOTLB_STRICT, DMA_AFTER_REVOKE, NO_LEAK) and for
 * timelines. {@code domain} is {@link IommuDomain#id()}; pfns are IOVA page frame numbers.
 */
public sealed interface IommuEvent extends KEvent {
    /** Why an IOTLB range was invalidated. */
    enum InvalidateCause {
        /** {@code iommu_unmap()}: synchronous, before it returns. */
        UNMAP,
        /** {@code iommu_iotlb_sync()} after {@code iommu_unmap_fast()}. */
        SYNC,
        /** A flush-queue drain (lazy mode). */
        FLUSH_QUEUE,
        /** {@code iommu_flush_iotlb_all()}. */
        FLUSH_ALL,
        /** A PTE retargeted in place (REMAP variant [43]). */
        REMAP,
        /** {@code iommu_map()} failed part way and unwound what it mapped. */
        MAP_UNWIND
    }

    /** What drained the flush queue. */
    enum DrainCause {
        /** The 10 ms flush timer fired. */
        TIMER,
        /** The queue reached 256 entries. */
        FULL,
        /** A caller drained it explicitly (domain teardown, an explicit flush). */
        EXPLICIT
    }

    /** A device was attached to the IOMMU in {@code mode}; {@code domain} is 0 for {@link IommuMode#NONE}. */
    record DeviceAttached(String device, IommuMode mode, int domain) implements IommuEvent { }

    /** An IOVA range was allocated; {@code reused} when it was handed out from the freed list. */
    record IovaAllocated(int domain, long startPfn, long pages, boolean reused) implements IommuEvent { }

    /** An IOVA range went back to the allocator. */
    record IovaFreed(int domain, long startPfn, long pages) implements IommuEvent { }

    /** A page-table entry was written: {@code iovaPfn -> block} with {@code prot}. */
    record PteMapped(int domain, long iovaPfn, int block, int prot) implements IommuEvent { }

    /** A page-table entry was cleared. */
    record PteUnmapped(int domain, long iovaPfn, int block) implements IommuEvent { }

    /** The device's walk filled the IOTLB with what the page table said: {@code iovaPfn -> block}. */
    record IotlbFilled(int domain, long iovaPfn, int block, int prot) implements IommuEvent { }

    /** IOTLB entries in {@code [startPfn, startPfn + pages)} were dropped ({@code dropped} of them held one). */
    record IotlbInvalidated(int domain, long startPfn, long pages, int dropped, InvalidateCause cause)
            implements IommuEvent { }

    /** A range was queued on the flush queue; {@code freesIova} when the drain frees the IOVA; {@code depth} after queueing. */
    record FlushQueued(int domain, long startPfn, long pages, boolean freesIova, int depth) implements IommuEvent { }

    /** The flush queue drained {@code entries} ranges. */
    record FlushQueueDrained(int domain, int entries, DrainCause cause) implements IommuEvent { }

    /** The IOMMU refused a DMA (the DMAR fault log). */
    record IommuFaulted(int domain, long iovaPfn, boolean write, FaultReason reason) implements IommuEvent { }
}
