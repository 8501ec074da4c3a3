package io.mapdirect.mm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One address space's page tables: virtual page number to {@link Pte}, ordered. */
public final class PageTable {
    private final TreeMap<Long, Pte> entries = new TreeMap<>();

    public Pte lookup(long vpage) {
        return entries.get(vpage);
    }

    public void install(long vpage, Pte pte) {
        entries.put(vpage, pte);
    }

    /** Removes the entries of pages {@code [firstVpage, endVpage)} and returns the zapped ones. */
    public List<Map.Entry<Long, Pte>> zap(long firstVpage, long endVpage) {
        Map<Long, Pte> range = entries.subMap(firstVpage, endVpage);
        List<Map.Entry<Long, Pte>> zapped = new ArrayList<>(range.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList());
        range.clear();
        return zapped;
    }

    /** Write-protects the entries of pages {@code [firstVpage, endVpage)}. */
    public void writeProtect(long firstVpage, long endVpage) {
        for (Map.Entry<Long, Pte> e : entries.subMap(firstVpage, endVpage).entrySet()) {
            e.setValue(new Pte(e.getValue().pfn(), false));
        }
    }

    /** Present entries in {@code [firstVpage, endVpage)}. */
    public Map<Long, Pte> range(long firstVpage, long endVpage) {
        return new TreeMap<>(entries.subMap(firstVpage, endVpage));
    }

    public int size() {
        return entries.size();
    }
}
