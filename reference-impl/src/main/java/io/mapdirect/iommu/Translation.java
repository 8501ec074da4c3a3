package io.mapdirect.iommu;

/** The result of translating a device's DMA address. */
public sealed interface Translation {
    /**
     * The access goes to {@code block}. {@code entry} is the IOTLB entry used (null when nothing
     * translates: no IOMMU or identity); {@code stale} says the entry no longer matches the page
     * table (a lazy or not yet synced unmap [28]).
     */
    record Mapped(int block, TranslationEntry entry, boolean stale) implements Translation {
        /**
         * Whether the translation still holds: the IOTLB entry used has not been invalidated since.
         * IOTLB invalidation drains in-flight DMA (VT-d's drain-read/drain-write), so a device whose
         * translation was invalidated while its access was in flight must translate again.
         */
        public boolean isCurrent() {
            return entry == null || entry.isLive();
        }
    }

    /** The access was refused. */
    record Fault(FaultReason reason) implements Translation { }
}
