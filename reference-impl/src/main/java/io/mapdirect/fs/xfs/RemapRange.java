package io.mapdirect.fs.xfs;

import io.mapdirect.kernel.Errno;

/**
 * The range a reflink remaps, or why none: the checks of {@code generic_remap_file_range_prep()} and
 * {@code generic_remap_checks()} for a clone (not a dedupe). Length 0 means "to the source's EOF"
 * (nothing to do when the source offset is at EOF, EINVAL beyond it). Both offsets must be
 * block-aligned; the source offset must be below EOF; the length is cut to EOF and, unless the range
 * then ends at EOF, rounded down to whole blocks; a range that was cut is refused (EINVAL: a clone
 * cannot shorten); ranges of one file may not overlap (the one reaching EOF counted in whole blocks);
 * and a range ending in a partial block (the source's EOF) must not end inside the destination
 * ({@code generic_remap_check_len()}: EINVAL, found by the XFS oracle on 6.18).
 *
 * @param rc 0 or a negative errno
 * @param lengthBytes what to remap: 0 when there is nothing to do
 */
record RemapRange(int rc, long srcOffsetBytes, long destOffsetBytes, long lengthBytes) {
    private static final long BLOCK = ExtentMap.BLOCK_SIZE_BYTES;

    static RemapRange check(long sourceSizeBytes, long destSizeBytes, long srcOffsetBytes, long destOffsetBytes,
                            long lengthBytes, boolean sameFile) {
        long length = lengthBytes;
        if (length == 0) {
            if (srcOffsetBytes == sourceSizeBytes) {
                return new RemapRange(0, srcOffsetBytes, destOffsetBytes, 0);
            }
            if (srcOffsetBytes > sourceSizeBytes) {
                return refused();
            }
            length = sourceSizeBytes - srcOffsetBytes;
        }
        if (srcOffsetBytes % BLOCK != 0 || destOffsetBytes % BLOCK != 0) {
            return refused();
        }
        if (srcOffsetBytes + length < 0 || destOffsetBytes + length < 0 || srcOffsetBytes >= sourceSizeBytes) {
            return refused();
        }
        long count = Math.min(length, sourceSizeBytes - srcOffsetBytes);
        long blockBytes;
        if (srcOffsetBytes + count == sourceSizeBytes) {
            blockBytes = roundUp(sourceSizeBytes) - srcOffsetBytes;
        } else {
            count -= count % BLOCK;
            blockBytes = count;
        }
        if (sameFile && destOffsetBytes + blockBytes > srcOffsetBytes && destOffsetBytes < srcOffsetBytes + blockBytes) {
            return refused();
        }
        if (count != length || (count % BLOCK != 0 && destOffsetBytes + count < destSizeBytes)) {
            return refused();
        }
        return new RemapRange(0, srcOffsetBytes, destOffsetBytes, count);
    }

    private static long roundUp(long bytes) {
        return ExtentMap.blocksForBytes(bytes) * BLOCK;
    }

    private static RemapRange refused() {
        return new RemapRange(Errno.EINVAL.negative(), 0, 0, 0);
    }
}
