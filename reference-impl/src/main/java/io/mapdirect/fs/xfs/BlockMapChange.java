package io.mapdirect.fs.xfs;

import io.mapdirect.kernel.KEvent;
import java.util.Objects;

/**
 * One file block of one inode whose mapping changed: the net difference an {@link ExtentMap}
 * operation made to it. {@code before} or {@code after} is null for a hole. The record names no
 * inode: the caller that owns the map (the XFS model) knows which inode it is and wraps or
 * labels the change when it emits it.
 *
 * @param fileBlock the file block (offset / 4096)
 * @param before    the mapping before the operation, null for a hole
 * @param after     the mapping after the operation, null for a hole
 */
public record BlockMapChange(long fileBlock, BlockMapping before, BlockMapping after) implements KEvent {
    /** What kind of change this is, coarsest first. */
    public enum Kind {
        /** A hole got a block (write allocation, fallocate, reflink into a hole, recovery). */
        ALLOCATE,
        /** A block left the file (punch, truncate, collapse, reflink over it, recovery). */
        UNMAP,
        /** The file block now maps a different pmem block (copy-on-write, collapse shift, zero range, reflink). */
        REMAP,
        /** Same pmem block, new state (unwritten conversion, or written to unwritten by zero range). */
        CONVERT,
        /** Same pmem block and state, the shared flag changed (reflink, unshare, recovery). */
        SHARE_FLAG
    }

    public BlockMapChange {
        if (fileBlock < 0) {
            throw new IllegalArgumentException("file block must be >= 0, got " + fileBlock);
        }
        if (Objects.equals(before, after)) {
            throw new IllegalArgumentException("not a change at file block " + fileBlock + ": " + before);
        }
    }

    public Kind kind() {
        if (before == null) {
            return Kind.ALLOCATE;
        }
        if (after == null) {
            return Kind.UNMAP;
        }
        if (before.pmemBlock() != after.pmemBlock()) {
            return Kind.REMAP;
        }
        return before.state() != after.state() ? Kind.CONVERT : Kind.SHARE_FLAG;
    }

    /** Whether the pmem block behind this file block is no longer the one it was (unmapped or remapped). */
    public boolean unmapsPreviousBlock() {
        return before != null && (after == null || after.pmemBlock() != before.pmemBlock());
    }

    /** {@code "block map fb 2: hole -> pmem 7 WRITTEN (ALLOCATE)"}. */
    @Override
    public String describe() {
        return "block map fb " + fileBlock + ": " + BlockMapping.describe(before) + " -> "
                + BlockMapping.describe(after) + " (" + kind() + ")";
    }
}
