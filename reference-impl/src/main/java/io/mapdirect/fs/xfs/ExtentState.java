package io.mapdirect.fs.xfs;

/**
 * The state of a mapped file block, as XFS's {@code xfs_exntst_t} ({@code XFS_EXT_NORM},
 * {@code XFS_EXT_UNWRITTEN}).
 */
public enum ExtentState {
    /** The block holds file data ({@code XFS_EXT_NORM}). */
    WRITTEN,
    /**
     * The block is allocated but reads as zeros until a write converts it ({@code XFS_EXT_UNWRITTEN}):
     * what {@code fallocate} and zero range leave behind. A write to it is an extent conversion, a
     * block-map change [06].
     */
    UNWRITTEN
}
