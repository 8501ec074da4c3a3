package io.mapdirect.fs.xfs;

import io.mapdirect.kernel.KEvent;

/** Events of the XFS model. */
public final class XfsEvents {
    private XfsEvents() {
    }

    /** One file block of an inode changed its mapping. */
    public record BlockMapChanged(long ino, BlockMapChange change) implements KEvent {
        @Override
        public String describe() {
            return "ino " + ino + " " + change.describe();
        }
    }

    /**
     * A MAP_DIRECT mapping became live: registered, in-flight faults flushed, published in its VMA
     * ({@code xfs_file_mmap_validate} returned). From here until it is invalidated or closed its
     * user relies on a frozen block map.
     */
    public record MapDirectPublished(String mds, long ino, String vma) implements KEvent { }

    /** The block map of an inode was made durable (fsync, msync, MAP_DIRECT registration, forced). */
    public record Committed(long ino, String why) implements KEvent { }

    /** The filesystem was recovered after a crash. */
    public record Recovered(String mountPoint, int inodes) implements KEvent { }
}
