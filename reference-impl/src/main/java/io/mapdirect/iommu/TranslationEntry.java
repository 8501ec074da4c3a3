package io.mapdirect.iommu;

/**
 * A cached translation of one I/O page, {@code iovaPfn} to pmem {@code block} with {@link IommuProt}
 * bits: what the page table said when the entry was filled. Two caches hold them, told apart by
 * {@link #cache()}: the IOMMU's IOTLB and an ODP memory region's device page table in the NIC. An
 * entry stays live, and keeps translating, until the cache that holds it drops it (an explicit
 * invalidation, a zap, a replacement), whatever happens to the page table meanwhile [28]. A device
 * holding an entry across a yield point asks {@link #isLive()} before its access lands (see
 * {@link Translation.Mapped#isCurrent()}).
 */
public final class TranslationEntry {
    /** The cache an entry belongs to; only its printed form differs. */
    public enum Cache {
        /** The IOMMU's IOTLB (filled by a page-table walk, dropped by an invalidation). */
        IOTLB("iotlb", " dead"),
        /** An ODP MR's page table in the NIC (installed by the ODP fault handler, dropped by a zap). */
        ODP("odp", " zapped");

        private final String label;
        private final String deadMark;

        Cache(String label, String deadMark) {
            this.label = label;
            this.deadMark = deadMark;
        }
    }

    private final Cache cache;
    private final long iovaPfn;
    private final int block;
    private final int prot;
    private boolean live = true;

    private TranslationEntry(Cache cache, long iovaPfn, int block, int prot) {
        this.cache = cache;
        this.iovaPfn = iovaPfn;
        this.block = block;
        this.prot = prot;
    }

    /** An IOTLB entry, as a walk of the I/O page table fills it. */
    static TranslationEntry iotlb(long iovaPfn, int block, int prot) {
        return new TranslationEntry(Cache.IOTLB, iovaPfn, block, prot);
    }

    /** An ODP entry: MR page {@code iovaPfn} to pmem {@code block}, read-only or read-write. */
    public static TranslationEntry odp(long iovaPfn, int block, boolean writable) {
        return new TranslationEntry(Cache.ODP, iovaPfn, block, writable ? IommuProt.READ_WRITE : IommuProt.READ);
    }

    public Cache cache() {
        return cache;
    }

    public long iovaPfn() {
        return iovaPfn;
    }

    public int block() {
        return block;
    }

    public int prot() {
        return prot;
    }

    /** Whether the device may write through the entry. */
    public boolean writable() {
        return (prot & IommuProt.WRITE) != 0;
    }

    /** False once the cache holding the entry has dropped it. */
    public boolean isLive() {
        return live;
    }

    /** Marks the entry dropped; called only by the cache that holds it (the IOTLB, an MR's ODP table). */
    public void kill() {
        live = false;
    }

    @Override
    public String toString() {
        String access = cache == Cache.IOTLB ? " " + IommuProt.describe(prot) : writable() ? " rw" : " ro";
        return cache.label + "{pfn 0x" + Long.toHexString(iovaPfn) + " -> block " + block + access
                + (live ? "" : cache.deadMark) + "}";
    }
}
