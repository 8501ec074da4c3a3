package io.mapdirect.check;

import io.mapdirect.hw.Pmem;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.nic.NicEvent;
import io.mapdirect.rdma.RdmaEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * ODP_INVALIDATE_COMPLETE: when an ODP MR's MMU-notifier invalidation returns, the device holds no
 * translation of any page of the invalidated range.
 *
 * <p>[34] (Jason Gunthorpe): with on-demand paging "the kernel can invalidate the device's page
 * table entries" before it changes the block map, which needs no lease and no pin; [38]: the
 * invalidation has to be synchronous, the device must stop using the old pages before the
 * invalidation returns, because the caller then goes on to change or free them. ODP_COHERENT judges
 * the DMA that lands; this judges the device's page table itself, so a stale translation shows even
 * when no DMA happens to use it.
 *
 * <p>The checker keeps each ODP MR's installed translations from the NIC's own events
 * ({@code OdpMapped} adds an MR page, {@code OdpZapped} drops a page range, {@code MrDestroyed}
 * drops the MR); an {@code OdpInvalidated} (emitted as the invalidation returns) with a translation
 * left in its range violates it. ODP translations map MR pages straight to pmem blocks in the
 * model (no IOMMU on the ODP path), so there is no IOTLB to look at; pinned MRs' IOTLB entries
 * are IOTLB_STRICT's.
 */
public final class OdpInvalidateComplete implements Invariant {
    private static final NavigableSet<Long> NONE = java.util.Collections.emptyNavigableSet();

    private final Map<String, NavigableSet<Long>> translated = new LinkedHashMap<>();

    @Override
    public InvariantId id() {
        return InvariantId.ODP_INVALIDATE_COMPLETE;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case NicEvent.OdpMapped mapped ->
                    translated.computeIfAbsent(key(mapped.nic(), mapped.mrKey()), k -> new TreeSet<>()).add(mapped.iovaPfn());
            case NicEvent.OdpZapped zapped -> translated.computeIfPresent(key(zapped.nic(), zapped.mrKey()), (k, pages) -> {
                pages.subSet(zapped.startPfn(), zapped.startPfn() + zapped.pages()).clear();
                return pages;
            });
            case NicEvent.MrDestroyed destroyed -> translated.remove(key(destroyed.nic(), destroyed.mrKey()));
            case RdmaEvent.OdpInvalidated invalidated -> check(ctx, invalidated);
            default -> { }
        }
    }

    private void check(CheckContext ctx, RdmaEvent.OdpInvalidated inv) {
        long firstPfn = inv.startAddr() >>> Pmem.PAGE_SHIFT;
        long endPfn = (inv.endAddr() + Pmem.PAGE_SIZE - 1) >>> Pmem.PAGE_SHIFT;
        java.util.SortedSet<Long> left = pages(inv.device(), inv.mrKey()).subSet(firstPfn, endPfn);
        if (!left.isEmpty()) {
            ctx.report(id(), "MR " + inv.mrKey() + " on " + inv.device() + " still translates page " + left.first()
                    + " after the invalidation of pages [" + firstPfn + ", " + endPfn + ") returned",
                    "mr" + inv.mrKey());
        }
    }

    private NavigableSet<Long> pages(String nic, int mrKey) {
        return translated.getOrDefault(key(nic, mrKey), NONE);
    }

    private static String key(String nic, int mrKey) {
        return nic + "/" + mrKey;
    }
}
