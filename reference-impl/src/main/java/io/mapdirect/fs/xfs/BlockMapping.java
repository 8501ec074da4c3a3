package io.mapdirect.fs.xfs;

/**
 * Where one file block lives: a pmem block, its state and whether it is shared with other
 * mappings (reflinked). A hole is the absence of a mapping ({@code null} wherever a mapping is
 * returned).
 *
 * <p>The shared flag is this model's cache of "XFS's refcount btree says this block has more than
 * one owner". It is set on both sides by reflink, cleared by a copy-on-write of the block, and it is
 * sticky in between: when the other owners go away (their own copy-on-write, punch or truncate) the
 * flag stays set until this inode writes the block or the filesystem is recovered after a crash.
 * What always holds: a block with more than one reference is flagged shared in every mapping of it.
 *
 * @param pmemBlock physical block number in {@code [0, BlockAllocator.blockCount())}
 * @param state     written or unwritten
 * @param shared    whether the block is (or was, see above) reflinked
 */
public record BlockMapping(int pmemBlock, ExtentState state, boolean shared) {
    public BlockMapping {
        if (pmemBlock < 0) {
            throw new IllegalArgumentException("pmem block must be >= 0, got " + pmemBlock);
        }
        if (state == null) {
            throw new IllegalArgumentException("extent state must not be null");
        }
    }

    /** A written, unshared mapping of {@code pmemBlock}. */
    public static BlockMapping written(int pmemBlock) {
        return new BlockMapping(pmemBlock, ExtentState.WRITTEN, false);
    }

    /** An unwritten, unshared mapping of {@code pmemBlock}. */
    public static BlockMapping unwritten(int pmemBlock) {
        return new BlockMapping(pmemBlock, ExtentState.UNWRITTEN, false);
    }

    public boolean isWritten() {
        return state == ExtentState.WRITTEN;
    }

    public boolean isUnwritten() {
        return state == ExtentState.UNWRITTEN;
    }

    public BlockMapping withState(ExtentState value) {
        return new BlockMapping(pmemBlock, value, shared);
    }

    public BlockMapping withShared(boolean value) {
        return new BlockMapping(pmemBlock, state, value);
    }

    /** {@code "pmem 7 WRITTEN"} or {@code "pmem 7 UNWRITTEN shared"}. */
    public String describe() {
        return "pmem " + pmemBlock + " " + state + (shared ? " shared" : "");
    }

    /** {@link #describe()} of a mapping, {@code "hole"} for null. */
    public static String describe(BlockMapping mapping) {
        return mapping == null ? "hole" : mapping.describe();
    }
}
