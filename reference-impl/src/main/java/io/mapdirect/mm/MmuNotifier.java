package io.mapdirect.mm;

/**
 * A subscriber to invalidations of one address space ({@code struct mmu_notifier} with its
 * {@code ->invalidate_range_start()}), as ODP RDMA MRs use it [34] [38]: told, synchronously and
 * before the page-table entries go away or lose write permission, which virtual range of the
 * {@link MmStruct} is being invalidated. A device that mirrors the CPU page tables drops its own
 * translations of the range here, so it can never reach a page the CPU mapping no longer maps.
 *
 * <p>Implementations must not sleep or yield: the model runs them atomically with the page-table
 * change that follows (the kernel holds the notifier's locks across both), which is what lets a
 * mirror compare a sequence count instead of re-walking the page tables.
 */
@FunctionalInterface
public interface MmuNotifier {
    /** Why a range is invalidated ({@code enum mmu_notifier_event}). */
    enum Event {
        /** {@code MMU_NOTIFY_UNMAP}: munmap, exit. */
        UNMAP,
        /** {@code MMU_NOTIFY_CLEAR}: {@code unmap_mapping_range()} (truncate, punch, MAP_DIRECT invalidation), a copy-on-write replacing a page. */
        CLEAR,
        /** {@code MMU_NOTIFY_PROTECTION_VMA}: mprotect taking away write (or all) permission. */
        PROTECTION_VMA
    }

    /**
     * Mirrors {@code ->invalidate_range_start(mn, range)}: the PTEs of {@code [startAddr, endAddr)}
     * of {@code mm} are about to be cleared or write-protected for {@code event}.
     */
    void invalidateRange(MmStruct mm, long startAddr, long endAddr, Event event);
}
