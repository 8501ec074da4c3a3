package io.mapdirect.iommu;

/** A range of IOVA page frames {@code [startPfn, startPfn + pages)}. */
public record IovaRange(long startPfn, long pages) {
    /** Last pfn of the range (inclusive). */
    public long endPfn() {
        return startPfn + pages - 1;
    }

    /** Whether {@code pfn} is in the range. */
    public boolean contains(long pfn) {
        return pfn >= startPfn && pfn <= endPfn();
    }

    /** Whether the ranges share a pfn. */
    public boolean overlaps(IovaRange other) {
        return startPfn <= other.endPfn() && other.startPfn <= endPfn();
    }

    @Override
    public String toString() {
        return "iova pfn [0x" + Long.toHexString(startPfn) + "+" + pages + "]";
    }
}
