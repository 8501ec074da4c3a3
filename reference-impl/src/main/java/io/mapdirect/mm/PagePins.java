package io.mapdirect.mm;

import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Oops;
import io.mapdirect.sim.WaitQueue;
import java.util.Map;
import java.util.TreeMap;

/**
 * Extra references on physical pages taken by {@code get_user_pages()} (the "pins" of RDMA
 * registration and of O_DIRECT-like transfers), with a wait queue for
 * {@code dax_layout_busy_page()}, which waits until a range has no pinned page.
 */
public final class PagePins {
    private final Kernel kernel;
    private final TreeMap<Long, Integer> pins = new TreeMap<>();
    private final TreeMap<Long, Integer> longTermPins = new TreeMap<>();
    private final WaitQueue unpinned;

    public PagePins(Kernel kernel) {
        this.kernel = kernel;
        this.unpinned = new WaitQueue(kernel.sim(), "page pins dropped");
    }

    /** {@code get_page()} by GUP; {@code longTerm} for FOLL_LONGTERM-style pins (RDMA). */
    public void pin(long pfn, boolean longTerm) {
        int count = pins.merge(pfn, 1, Integer::sum);
        if (longTerm) {
            longTermPins.merge(pfn, 1, Integer::sum);
        }
        kernel.emit(new MmEvents.PagePinned(pfn, 1, count, longTerm));
    }

    /** {@code put_page()}: drops a pin; wakes {@code dax_layout_busy_page} waiters. */
    public void unpin(long pfn, boolean longTerm) {
        Integer count = pins.get(pfn);
        if (count == null) {
            throw new Oops(Oops.Kind.REFCOUNT_UNDERFLOW, "put_page", "pfn " + pfn + " is not pinned");
        }
        if (count == 1) {
            pins.remove(pfn);
        } else {
            pins.put(pfn, count - 1);
        }
        if (longTerm) {
            longTermPins.computeIfPresent(pfn, (k, v) -> v == 1 ? null : v - 1);
        }
        kernel.emit(new MmEvents.PagePinned(pfn, -1, count - 1, longTerm));
        unpinned.wakeUpAll();
    }

    /** Pins held on {@code pfn}. */
    public int count(long pfn) {
        return pins.getOrDefault(pfn, 0);
    }

    /** Whether any page of {@code [firstPfn, endPfn)} is pinned. */
    public boolean anyPinned(long firstPfn, long endPfn) {
        return !pins.subMap(firstPfn, endPfn).isEmpty();
    }

    /** Whether any of {@code pfns} is pinned. */
    public boolean anyPinned(Iterable<Long> pfns) {
        for (long pfn : pfns) {
            if (pins.containsKey(pfn)) {
                return true;
            }
        }
        return false;
    }

    /** Every pinned pfn and its count. */
    public Map<Long, Integer> all() {
        return new TreeMap<>(pins);
    }

    /** Where {@code dax_layout_busy_page()} callers sleep. */
    public WaitQueue unpinnedQueue() {
        return unpinned;
    }
}
