package io.mapdirect.fs.xfs;

import io.mapdirect.kernel.Errno;
import java.util.List;

/**
 * What an {@link ExtentMap} operation did: {@code rc} is 0 or {@code -errno}, and {@code changes}
 * lists, in file-block order, every file block whose mapping differs from before the operation (its
 * net difference; a block freed and handed back to the same file block in one operation is no
 * change). On an error the changes made before the error stay made and are listed, as XFS's
 * multi-transaction operations (fallocate, punch, truncate) keep the transactions they committed.
 *
 * @param rc      0, or {@code -errno} ({@code -ENOSPC}, {@code -EINVAL}, {@code -EXDEV})
 * @param changes net changes, in file-block order
 */
public record BlockMapUpdate(int rc, List<BlockMapChange> changes) {
    public BlockMapUpdate {
        changes = List.copyOf(changes);
    }

    static BlockMapUpdate error(Errno errno) {
        return new BlockMapUpdate(errno.negative(), List.of());
    }

    public boolean isOk() {
        return rc == 0;
    }

    /** The errno of a failed operation; throws if it succeeded. */
    public Errno errno() {
        return Errno.fromNegative(rc);
    }

    /** Whether the block map changed at all. */
    public boolean changed() {
        return !changes.isEmpty();
    }

    /**
     * The pmem block {@code fileBlock} mapped before this operation moved it elsewhere (the block a
     * copy-on-write copies from), or -1 when the operation did not move that file block off a block.
     */
    public int remapSourceBlock(long fileBlock) {
        for (BlockMapChange change : changes) {
            if (change.fileBlock() == fileBlock && change.kind() == BlockMapChange.Kind.REMAP) {
                return change.before().pmemBlock();
            }
        }
        return -1;
    }
}
