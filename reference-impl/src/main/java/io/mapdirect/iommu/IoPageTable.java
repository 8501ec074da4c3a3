package io.mapdirect.iommu;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Kernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A DMA domain's I/O page table: IOVA pfn to {@link Pte}. Leaf tables of 512 entries are
 * allocated on first use (and never freed, as intel-iommu keeps them until the domain dies), so
 * a map can fail with ENOMEM where the fault plan fails {@code "iommu pgtable"}.
 */
final class IoPageTable {
    /** Entries per leaf table (one 4 KiB page of 8-byte PTEs). */
    static final int PTES_PER_TABLE = 512;

    private final Kernel kernel;
    private final TreeMap<Long, Pte> entries = new TreeMap<>();
    private final TreeSet<Long> leafTables = new TreeSet<>();

    IoPageTable(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Writes one PTE: 0, -EBUSY if one is present (intel-iommu warns "PTE already set"), -ENOMEM.
     *
     * @kernel drivers/iommu/amd_iommu.c iommu_map_page()
     */
    int map(long pfn, int block, int prot) {
        if (entries.containsKey(pfn)) {
            kernel.warnOn(true, "iommu_map: PTE for IOVA pfn 0x" + Long.toHexString(pfn) + " already set");
            return Errno.EBUSY.negative();
        }
        long table = pfn / PTES_PER_TABLE;
        if (!leafTables.contains(table)) {
            if (!kernel.kmem().alloc("iommu pgtable")) {
                return Errno.ENOMEM.negative();
            }
            leafTables.add(table);
        }
        entries.put(pfn, new Pte(block, prot));
        return 0;
    }

    /** Rewrites a present PTE in place (callers pass a pfn from {@link #present}). */
    void replace(long pfn, int block, int prot) {
        entries.put(pfn, new Pte(block, prot));
    }

    /** Clears one PTE; returns what it held, or null. */
    Pte clear(long pfn) {
        return entries.remove(pfn);
    }

    Pte get(long pfn) {
        return entries.get(pfn);
    }

    /** The present PTEs in {@code [startPfn, startPfn + pages)}, by pfn. */
    List<Map.Entry<Long, Pte>> present(long startPfn, long pages) {
        return new ArrayList<>(entries.subMap(startPfn, true, startPfn + pages - 1, true).entrySet());
    }

    int size() {
        return entries.size();
    }
}
