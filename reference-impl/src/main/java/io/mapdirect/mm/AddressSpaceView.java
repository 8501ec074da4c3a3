package io.mapdirect.mm;

/**
 * What the validator may ask about the caller's address space: only whether a range is taken, for
 * MAP_FIXED_NOREPLACE's EEXIST ({@code find_vma_intersection()} in do_mmap()). The mmap implementation
 * passes its VMA tree; tests of flag rules pass {@link #EMPTY}.
 */
@FunctionalInterface
public interface AddressSpaceView {
    /** An address space with nothing mapped. */
    AddressSpaceView EMPTY = (start, end) -> false;

    /** Whether any VMA intersects {@code [start, end)} (unsigned addresses). */
    boolean intersects(long start, long end);
}
