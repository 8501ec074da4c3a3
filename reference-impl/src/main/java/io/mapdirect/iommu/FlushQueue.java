package io.mapdirect.iommu;

import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.TestFault;
import io.mapdirect.sim.Site;
import io.mapdirect.sim.Timer;
import io.mapdirect.sim.VirtualClock;
import java.util.ArrayList;
import java.util.List;

/**
 * A DMA domain's IOVA flush queue (the per-domain {@code iova_fq} of drivers/iommu/iova.c):
 * unmapped ranges whose IOTLB invalidation, and usually whose IOVA free, is deferred [28]. It
 * drains when its 10 ms timer fires (armed when the first entry is queued) or at once when it
 * holds {@link #CAPACITY} entries. A drain invalidates the IOTLB for every queued range, then
 * frees the IOVA of the entries that asked for it. Draining never yields or sleeps, so it can run
 * as a timer action.
 */
final class FlushQueue {
    /** {@code IOVA_FQ_SIZE}. */
    static final int CAPACITY = 256;
    /** {@code IOVA_FQ_TIMEOUT}: 10 ms. */
    static final long TIMEOUT_NS = 10 * VirtualClock.NS_PER_MS;

    private record Entry(IovaRange range, boolean freeIova) { }

    private final Kernel kernel;
    private final IommuDomain domain;
    private final Site timerSite;
    private final List<Entry> entries = new ArrayList<>();
    private Timer timer;

    FlushQueue(Kernel kernel, IommuDomain domain) {
        this.kernel = kernel;
        this.domain = domain;
        this.timerSite = Site.of("iova flush queue timer");
    }

    /**
     * Mirrors {@code queue_iova()}.
     *
     * @kernel drivers/iommu/iova.c queue_iova() [28]
     * @departure bookkeeping one queue per domain that drains once its 256th entry is added, where
     *     queue_iova() keeps a ring per CPU whose fq_full() holds 255 and flushes them before adding the
     *     256th, which stays queued: one range deferred the more, at a depth no case reaches (a case
     *     unmaps a handful of MRs)
     */
    void add(IovaRange range, boolean freeIova) {
        entries.add(new Entry(range, freeIova));
        kernel.emit(new IommuEvent.FlushQueued(domain.id(), range.startPfn(), range.pages(), freeIova, entries.size()));
        if (entries.size() >= CAPACITY) {
            kernel.probes().hit("flush queue full");
            drain(IommuEvent.DrainCause.FULL);
        } else if (timer == null || !timer.isPending()) {
            timer = kernel.sim().armTimer(TIMEOUT_NS, timerSite, () -> drain(IommuEvent.DrainCause.TIMER));
        }
    }

    /**
     * Mirrors {@code fq_flush_timeout()} / {@code iova_domain_flush()}: invalidate, then free.
     *
     * @kernel drivers/iommu/iova.c fq_flush_timeout() [28]
     * @kernel drivers/iommu/iova.c iova_domain_flush() [28]
     */
    void drain(IommuEvent.DrainCause cause) {
        if (timer != null && timer.isPending()) {
            kernel.sim().cancelTimer(timer);
        }
        timer = null;
        if (entries.isEmpty()) {
            return;
        }
        List<Entry> batch = List.copyOf(entries);
        entries.clear();
        for (Entry entry : batch) {
            domain.invalidateIotlb(entry.range(), IommuEvent.InvalidateCause.FLUSH_QUEUE);
        }
        for (Entry entry : batch) {
            if (entry.freeIova() && !kernel.testFault(TestFault.FLUSH_QUEUE_DRAIN_KEEPS_IOVA)) {
                domain.iovad().free(entry.range().startPfn(), entry.range().pages());
            }
        }
        kernel.emit(new IommuEvent.FlushQueueDrained(domain.id(), batch.size(), cause));
    }

    int depth() {
        return entries.size();
    }

    /** Deadline of the armed flush timer, or -1. */
    long timerDeadlineNs() {
        return timer != null && timer.isPending() ? timer.deadlineNs() : -1;
    }
}
