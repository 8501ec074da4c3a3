package io.mapdirect.kernel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named probes (FoundationDB's "TEST" macros): model code marks rare, interesting paths
 * ("break while MR active", "IOVA reused") and the suite counts how often each was reached.
 */
public final class Probes {
    private final Map<String, Long> counts = new LinkedHashMap<>();

    /** Counts one hit of the named probe. */
    public void hit(String name) {
        counts.merge(name, 1L, Long::sum);
    }

    /** Hits so far. */
    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }

    /** Every probe reached, in first-hit order. */
    public Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    /** Every probe reached, in first-hit order (ordered copy). */
    public LinkedHashMap<String, Long> orderedCounts() {
        return new LinkedHashMap<>(counts);
    }
}
