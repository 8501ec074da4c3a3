package io.mapdirect.report;

import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.Inode;
import io.mapdirect.fs.SuperBlock;
import io.mapdirect.fs.xfs.MappedBlock;
import io.mapdirect.fs.xfs.XfsInode;
import io.mapdirect.world.World;
import java.util.ArrayList;
import java.util.List;

/**
 * One compact line of the world's state for failure reports: per inode with something going on, its
 * size, block map, {@code i_mapdcount} and leases; then pins. For example
 * {@code ino 5 size=16384 map=[0:7W 1:6W 2:5W 3:4W] mapdcount=1 leases=[file_lock#9 layout F_RDLCK breaking]}.
 */
public final class StateLine {
    private StateLine() {
    }

    public static String of(World world) {
        List<String> parts = new ArrayList<>();
        for (SuperBlock superBlock : world.vfs().superBlocks()) {
            for (Inode inode : superBlock.inodes()) {
                String text = inode(inode);
                if (text != null) {
                    parts.add(text);
                }
            }
        }
        if (!world.pins().all().isEmpty()) {
            parts.add("pins=" + world.pins().all());
        }
        parts.add("free blocks=" + world.xfs().allocator().freeCount());
        return "state: " + String.join("; ", parts);
    }

    private static String inode(Inode inode) {
        List<FileLock> leases = inode.flctx().leasesSnapshot();
        boolean busy = !leases.isEmpty() || inode.mapdcount() != 0;
        if (!(inode instanceof XfsInode xfs) && !busy) {
            return null;
        }
        StringBuilder out = new StringBuilder("ino " + inode.ino() + " size=" + inode.sizeBytes());
        if (inode instanceof XfsInode xfs) {
            out.append(" map=[");
            List<String> blocks = new ArrayList<>();
            for (MappedBlock block : xfs.map().mappings()) {
                blocks.add(block.fileBlock() + ":" + block.mapping().pmemBlock()
                        + (block.mapping().isWritten() ? "W" : "U") + (block.mapping().shared() ? "s" : ""));
            }
            out.append(String.join(" ", blocks)).append(']');
        }
        out.append(" mapdcount=").append(inode.mapdcount());
        if (!leases.isEmpty()) {
            List<String> texts = new ArrayList<>();
            for (FileLock lease : leases) {
                texts.add(lease.label() + (lease.isLayout() ? " layout " : " ") + FileLock.typeName(lease.type())
                        + (lease.isBreaking() ? " breaking" : ""));
            }
            out.append(" leases=").append(texts);
        }
        return out.toString();
    }
}
