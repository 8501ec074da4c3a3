package io.mapdirect.mm;

import java.util.List;

/**
 * What the validator may ask about the caller's address space: whether a range is taken (MAP_FIXED_NOREPLACE's
 * EEXIST, {@code find_vma_intersection()} in do_mmap()) and whether a window has a free gap of some length
 * (the bottom-up search of x86-64 MAP_32BIT, {@code unmapped_area()}). The mmap implementation passes its VMA
 * tree; flag-rule tests pass {@link #EMPTY}; the live-kernel tests pass /proc/self/maps. Addresses are unsigned.
 */
public interface AddressSpaceView {
    /** An address space with nothing mapped. */
    AddressSpaceView EMPTY = of(List.of());

    /** Whether any mapping intersects {@code [start, end)}. */
    boolean intersects(long start, long end);

    /** Whether {@code [low, high)} holds a free gap of at least {@code lengthBytes} (> 0). */
    boolean hasGap(long low, long high, long lengthBytes);

    /** An address space holding exactly these mappings. */
    static AddressSpaceView of(List<MappedRange> mappings) {
        return new MappedRanges(mappings);
    }

    /** One mapping, {@code [start, end)}. */
    record MappedRange(long start, long end) {
        public MappedRange {
            if (Long.compareUnsigned(start, end) >= 0) {
                throw new IllegalArgumentException("empty range [0x" + Long.toHexString(start) + ", 0x"
                        + Long.toHexString(end) + ")");
            }
        }
    }
}
