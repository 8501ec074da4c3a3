package io.mapdirect.report;

import io.mapdirect.fs.FsEvents;
import io.mapdirect.fs.locks.LeaseEvents;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.fs.xfs.XfsEvents;
import io.mapdirect.iommu.IommuEvent;
import io.mapdirect.kernel.KEvent;
import io.mapdirect.mm.MmEvents;
import io.mapdirect.nic.NicEvent;
import io.mapdirect.proc.ProcEvents;
import java.util.function.Predicate;

/** Which model events a timeline shows. */
public final class ExplainFilter {
    /**
     * Events the invariants are about: lease states, MAP_DIRECT life, block-map changes, SIGIO and
     * SIGBUS, PTE zaps, faults that failed, IOTLB fills and flushes, IOVA allocation, DMA outcomes.
     */
    public static final Predicate<KEvent> INVARIANT_RELEVANT = event -> switch (event) {
        case LeaseEvents.LeaseAdded e -> true;
        case LeaseEvents.LeaseBreakStarted e -> true;
        case LeaseEvents.LeaseRemoved e -> true;
        case LeaseEvents.BreakerBlocked e -> true;
        case LeaseEvents.BreakerDone e -> true;
        case MapDirectEvents.BreakNoticed e -> true;
        case MapDirectEvents.Invalidated e -> true;
        case MapDirectEvents.LastVmaClosed e -> true;
        case MapDirectEvents.LeaseDirectTaken e -> true;
        case MapDirectEvents.LeaseDirectBreakNoticed e -> true;
        case MapDirectEvents.BreakCallbackReturned e -> true;
        case XfsEvents.BlockMapChanged e -> true;
        case XfsEvents.MapDirectPublished e -> true;
        case FsEvents.SigioSent e -> true;
        case FsEvents.MapdcountChanged e -> true;
        case ProcEvents.SignalQueued e -> !e.signal().equals("SIGIO");
        case MmEvents.PtesZapped e -> true;
        case MmEvents.FaultHandled e -> e.result() != MmEvents.FaultKind.MAPPED;
        case IommuEvent.IotlbFilled e -> true;
        case IommuEvent.IotlbInvalidated e -> true;
        case IommuEvent.IovaAllocated e -> true;
        case IommuEvent.IovaFreed e -> true;
        case IommuEvent.FlushQueueDrained e -> true;
        case NicEvent.DmaLanded e -> true;
        case NicEvent.DmaFaulted e -> true;
        default -> false;
    };

    /** Every event. */
    public static final Predicate<KEvent> EVERYTHING = event -> true;

    private ExplainFilter() {
    }
}
