package io.mapdirect.iommu;

import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Oops;
import io.mapdirect.kernel.TestFault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A domain's IOVA allocator ({@code struct iova_domain}, drivers/iommu/iova.c) in page-frame units.
 * Ranges never overlap and lie within {@code [IOVA_START_PFN, limitPfn]}.
 *
 * <p>Reuse is made likely on purpose (spec §2.2, [13] [15]): freed ranges go to the head of a
 * freed list (as the kernel's per-CPU IOVA rcache hands back the last freed range of a size), and
 * an allocation takes the most recently freed range that still is entirely free, fits and lies
 * under the limit, before anything else. Otherwise it searches top-down from the limit, as
 * {@code __alloc_and_insert_iova_range()} does. No size alignment is modelled.
 */
public final class IovaAllocator {
    /** {@code IOVA_START_PFN}: pfn 0 is never handed out, so DMA address 0 stays invalid. */
    public static final long IOVA_START_PFN = 1;
    /** How many freed ranges are remembered for reuse (the rcache's depth). */
    static final int FREED_LIST_DEPTH = 128;

    private final Kernel kernel;
    private final int domainId;
    private final TreeMap<Long, IovaRange> allocated = new TreeMap<>();
    private final List<IovaRange> freed = new ArrayList<>();

    IovaAllocator(Kernel kernel, int domainId) {
        this.kernel = kernel;
        this.domainId = domainId;
    }

    /** As {@link #alloc(long, long, long)} with one limit. */
    public long alloc(long pages, long limitPfn) {
        return alloc(pages, limitPfn, limitPfn);
    }

    /**
     * Mirrors {@code alloc_iova_fast()}: a free range of {@code pages} pfns, searched first below
     * {@code preferredLimitPfn} then below {@code limitPfn} (intel_alloc_iova() tries the 32-bit
     * space first). Returns the start pfn, or -1 when no range fits or when the fault plan fails
     * the {@code struct iova} allocation ({@code "iova"}).
     *
     * @kernel drivers/iommu/iova.c alloc_iova_fast()
     * @departure bookkeeping no size alignment (alloc_iova(..., size_aligned = true)) and a freed list
     *     instead of per-CPU magazines: addresses differ, never whether two live ranges overlap
     */
    public long alloc(long pages, long preferredLimitPfn, long limitPfn) {
        if (pages < 1 || limitPfn < IOVA_START_PFN) {
            return -1;
        }
        if (!kernel.kmem().alloc("iova")) {
            return -1;
        }
        long start = reuseFreed(pages, limitPfn);
        boolean reused = start >= 0;
        if (!reused && preferredLimitPfn < limitPfn) {
            start = searchTopDown(pages, preferredLimitPfn);
        }
        if (start < 0) {
            start = searchTopDown(pages, limitPfn);
        }
        if (start < 0) {
            kernel.probes().hit("IOVA space exhausted");
            return -1;
        }
        allocated.put(start, new IovaRange(start, pages));
        if (reused) {
            kernel.probes().hit("IOVA reused");
        }
        kernel.emit(new IommuEvent.IovaAllocated(domainId, start, pages, reused));
        return start;
    }

    /**
     * Mirrors {@code free_iova_fast()}. The range must be exactly one allocated range: freeing
     * anything else corrupts the allocator in the kernel, an oops (BAD_FREE) here.
     *
     * @kernel drivers/iommu/iova.c free_iova_fast()
     * @departure bookkeeping freeing a range that is not allocated oopses (BAD_FREE) where the kernel puts
     *     it in the rcache or warns and corrupts the allocator: the model stops at the corruption, the
     *     kernel carries it on to an outcome no later check could attribute
     */
    public void free(long startPfn, long pages) {
        IovaRange range = allocated.get(startPfn);
        if (range == null || range.pages() != pages) {
            throw new Oops(Oops.Kind.BAD_FREE, "free_iova_fast",
                    "domain " + domainId + " " + new IovaRange(startPfn, pages) + " is not an allocated range");
        }
        allocated.remove(startPfn);
        freed.add(0, range);
        if (freed.size() > FREED_LIST_DEPTH) {
            freed.remove(freed.size() - 1);
        }
        kernel.emit(new IommuEvent.IovaFreed(domainId, startPfn, pages));
    }

    /** Whether {@code pfn} lies in an allocated range. */
    public boolean isAllocated(long pfn) {
        Map.Entry<Long, IovaRange> floor = allocated.floorEntry(pfn);
        return floor != null && floor.getValue().contains(pfn);
    }

    /** The allocated ranges, by start pfn. */
    public List<IovaRange> allocated() {
        return new ArrayList<>(allocated.values());
    }

    private long reuseFreed(long pages, long limitPfn) {
        for (int i = 0; i < freed.size(); i++) {
            IovaRange candidate = freed.get(i);
            if (!isFree(candidate)) {
                freed.remove(i--);
                continue;
            }
            long end = candidate.startPfn() + pages - 1;
            if (candidate.pages() >= pages && end <= limitPfn) {
                if (candidate.pages() == pages) {
                    freed.remove(i);
                } else {
                    freed.set(i, new IovaRange(end + 1, candidate.pages() - pages));
                }
                return candidate.startPfn();
            }
        }
        return -1;
    }

    private boolean isFree(IovaRange range) {
        Map.Entry<Long, IovaRange> floor = allocated.floorEntry(range.endPfn());
        return floor == null || floor.getValue().endPfn() < range.startPfn();
    }

    /** The highest free run of {@code pages} pfns ending at or below {@code limitPfn}, or -1. */
    private long searchTopDown(long pages, long limitPfn) {
        long top = limitPfn;
        for (IovaRange range : allocated.descendingMap().values()) {
            if (range.startPfn() > top) {
                continue;
            }
            if (range.endPfn() < top && top - range.endPfn() >= pages) {
                return top - pages + 1;
            }
            long below = kernel.testFault(TestFault.IOVA_SEARCH_OVERLAPS_BELOW) ? range.startPfn() : range.startPfn() - 1;
            top = Math.min(top, below);
        }
        return top - IOVA_START_PFN + 1 >= pages ? top - pages + 1 : -1;
    }
}
