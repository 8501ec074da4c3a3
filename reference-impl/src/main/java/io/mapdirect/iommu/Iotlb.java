package io.mapdirect.iommu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A domain's IOTLB: translations cached by the device's walks. Unbounded (no capacity eviction is
 * modelled, which keeps every stale entry observable) and changed only by fills and explicit
 * invalidations, never by page-table writes [28].
 */
final class Iotlb {
    private final TreeMap<Long, TranslationEntry> entries = new TreeMap<>();

    TranslationEntry lookup(long pfn) {
        return entries.get(pfn);
    }

    /** Caches a walk's result; only called on a miss. */
    void fill(TranslationEntry entry) {
        entries.put(entry.iovaPfn(), entry);
    }

    /** Drops the entries in {@code [startPfn, startPfn + pages)}; returns how many there were. */
    int invalidate(long startPfn, long pages) {
        Map<Long, TranslationEntry> range = entries.subMap(startPfn, true, startPfn + pages - 1, true);
        int dropped = range.size();
        for (TranslationEntry entry : range.values()) {
            entry.kill();
        }
        range.clear();
        return dropped;
    }

    /** Drops every entry; returns how many there were. */
    int invalidateAll() {
        int dropped = entries.size();
        for (TranslationEntry entry : entries.values()) {
            entry.kill();
        }
        entries.clear();
        return dropped;
    }

    List<TranslationEntry> entries() {
        return new ArrayList<>(entries.values());
    }
}
