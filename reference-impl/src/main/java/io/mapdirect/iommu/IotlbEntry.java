package io.mapdirect.iommu;

/**
 * A cached translation in the IOTLB: what the page table said for {@code iovaPfn} when the entry
 * was filled. It stays live, and keeps translating, until an explicit invalidation drops it,
 * whatever happens to the page table meanwhile [28]. A device holding an entry across a yield
 * point asks {@link #isLive()} before its access lands (see {@link Translation.Mapped#isCurrent()}).
 */
public final class IotlbEntry {
    private final long iovaPfn;
    private final int block;
    private final int prot;
    private boolean live = true;

    IotlbEntry(long iovaPfn, int block, int prot) {
        this.iovaPfn = iovaPfn;
        this.block = block;
        this.prot = prot;
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

    /** False once the entry has been invalidated. */
    public boolean isLive() {
        return live;
    }

    void kill() {
        live = false;
    }

    @Override
    public String toString() {
        return "iotlb{pfn 0x" + Long.toHexString(iovaPfn) + " -> block " + block + " " + IommuProt.describe(prot)
                + (live ? "" : " dead") + "}";
    }
}
