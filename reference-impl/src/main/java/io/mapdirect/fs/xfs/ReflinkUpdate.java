package io.mapdirect.fs.xfs;

import io.mapdirect.kernel.Errno;
import java.util.List;

/**
 * What a reflink ({@link ExtentMap#reflinkRange}) did to its two maps. When source and destination
 * are the same map, every change is in {@code destChanges} and {@code sourceChanges} is empty.
 *
 * @param rc            0 or {@code -errno}
 * @param sourceChanges net changes of the source map (blocks that became shared), file-block order
 * @param destChanges   net changes of the destination map, file-block order
 */
public record ReflinkUpdate(int rc, List<BlockMapChange> sourceChanges, List<BlockMapChange> destChanges) {
    public ReflinkUpdate {
        sourceChanges = List.copyOf(sourceChanges);
        destChanges = List.copyOf(destChanges);
    }

    static ReflinkUpdate error(Errno errno) {
        return new ReflinkUpdate(errno.negative(), List.of(), List.of());
    }

    public boolean isOk() {
        return rc == 0;
    }
}
