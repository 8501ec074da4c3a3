package io.mapdirect.mm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** An {@link AddressSpaceView} over a fixed list of mappings, sorted by start address (unsigned). */
final class MappedRanges implements AddressSpaceView {
    private final List<MappedRange> sorted;

    MappedRanges(List<MappedRange> mappings) {
        List<MappedRange> copy = new ArrayList<>(mappings);
        copy.sort(Comparator.comparing(MappedRange::start, Long::compareUnsigned));
        this.sorted = List.copyOf(copy);
    }

    /** Mirrors {@code find_vma_intersection()}. */
    @Override
    public boolean intersects(long start, long end) {
        for (MappedRange range : sorted) {
            if (Long.compareUnsigned(range.start(), end) < 0 && Long.compareUnsigned(range.end(), start) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Mirrors the question {@code vma_iter_area_lowest()} answers for {@code unmapped_area()}. */
    @Override
    public boolean hasGap(long low, long high, long lengthBytes) {
        long cursor = low;
        for (MappedRange range : sorted) {
            if (Long.compareUnsigned(range.end(), cursor) <= 0) {
                continue;
            }
            if (Long.compareUnsigned(cursor, high) >= 0) {
                return false;
            }
            long gapEnd = Long.compareUnsigned(range.start(), high) < 0 ? range.start() : high;
            if (Long.compareUnsigned(gapEnd, cursor) > 0 && Long.compareUnsigned(gapEnd - cursor, lengthBytes) >= 0) {
                return true;
            }
            if (Long.compareUnsigned(range.end(), cursor) > 0) {
                cursor = range.end();
            }
        }
        return Long.compareUnsigned(cursor, high) < 0 && Long.compareUnsigned(high - cursor, lengthBytes) >= 0;
    }
}
