package io.mapdirect.fs.xfs;

/**
 * What a write to one file block would do to the block map: the question {@code iomap_begin}
 * asks before an allocating write ([03], Dave's {@code imap_needs_alloc()} [25]) and the DAX fault
 * path asks for a MAP_DIRECT mapping ([06]: SIGBUS if the fault would allocate or convert; and
 * SIGBUS for reflinked inodes).
 */
public enum WriteNeed {
    /** A written, unshared block: the write goes straight to it, the block map stays as it is. */
    NONE,
    /** A hole: the write allocates a block. */
    ALLOCATE,
    /** An unwritten block: the write converts it to written. */
    CONVERT,
    /** A shared (reflinked) block: the write remaps it to a private copy (or unshares it in place). */
    COPY_ON_WRITE;

    /** Whether the write changes the block map (anything but {@link #NONE}). */
    public boolean changesBlockMap() {
        return this != NONE;
    }
}
