package io.mapdirect.fs;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.mm.Vma;

/**
 * {@code struct file_operations} plus the inode operations the model needs ({@code setattr} for
 * size changes, {@code remap_file_range} for reflink). All return 0 or a count, or -errno; reads
 * return the content version of each page.
 */
public interface FileOperations {
    /** {@code ->open}: 0 or -errno. */
    default int open(Inode inode, File file) {
        return 0;
    }

    /** {@code ->release} on the last {@code fput}. */
    default void release(Inode inode, File file) {
    }

    /** {@code ->read_iter}: the content version of each page of {@code [offset, offset+length)} within the file size. */
    KResult<long[]> read(File file, long offsetBytes, long lengthBytes);

    /** {@code ->write_iter}: stores {@code version} in each page of the range; bytes written or -errno. */
    long write(File file, long offsetBytes, long lengthBytes, long version);

    /** {@code ->mmap}: 0 or -errno. */
    int mmap(File file, Vma vma);

    /**
     * Whether the seed's {@code ->mmap_validate} is set [01].
     *
     * @kernel include/linux/fs.h file_operations.mmap_validate() [01]
     */
    default boolean hasMmapValidate() {
        return false;
    }

    /**
     * The seed's {@code ->mmap_validate(file, vma, map_flags, fd)} [01] [02].
     *
     * @kernel include/linux/fs.h file_operations.mmap_validate() [01] [02]
     */
    default int mmapValidate(File file, Vma vma, long mapFlags, int fd) {
        return Errno.EOPNOTSUPP.negative();
    }

    /** linux-6.x {@code file_operations.mmap_supported_flags} (beyond the legacy mask). */
    default long mmapSupportedFlags() {
        return 0;
    }

    /** {@code ->fsync}: makes data and metadata durable. */
    int fsync(File file);

    /** {@code ->fallocate(file, mode, offset, len)}. */
    default int fallocate(File file, int mode, long offsetBytes, long lengthBytes) {
        return Errno.EOPNOTSUPP.negative();
    }

    /** {@code ->setattr} with {@code ATTR_SIZE}: truncate or extend to {@code sizeBytes}. */
    int setSize(Inode inode, File fileOrNull, long sizeBytes);

    /**
     * {@code ->remap_file_range} for FICLONE and FICLONERANGE: share {@code src}'s blocks of
     * {@code [srcOffset, srcOffset + length)} into {@code dst} at {@code destOffset}; length 0 means
     * to the source's EOF. Offsets are non-negative and do not wrap with the length (the VFS checked).
     */
    default int cloneRange(File dst, long destOffsetBytes, File src, long srcOffsetBytes, long lengthBytes) {
        return Errno.EOPNOTSUPP.negative();
    }

    /** A name for reports ({@code "xfs_file_operations"}). */
    String name();
}
