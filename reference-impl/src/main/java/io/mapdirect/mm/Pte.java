package io.mapdirect.mm;

/**
 * A page-table entry: the physical block a virtual page maps and whether it is writable. The DAX
 * read fault of a hole maps the shared zero page ({@link #ZERO_PFN}) read-only.
 */
public record Pte(long pfn, boolean writable) {
    /** The zero page: reads as zeros, never written. */
    public static final long ZERO_PFN = -1;

    public boolean isZeroPage() {
        return pfn == ZERO_PFN;
    }
}
