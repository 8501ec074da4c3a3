package io.mapdirect.check;

import io.mapdirect.fs.File;
import io.mapdirect.fs.Inode;
import io.mapdirect.fs.SuperBlock;
import io.mapdirect.fs.mapdirect.MapDirectState;
import io.mapdirect.mm.Vma;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only lookups checkers need, by the labels and numbers events carry. Nothing here touches an
 * object's tracked lifetime, so a checker can never cause an oops.
 */
public final class ModelView {
    private ModelView() {
    }

    public static Process process(World world, int pid) {
        for (Process process : world.processes().all()) {
            if (process.pid() == pid) {
                return process;
            }
        }
        return null;
    }

    public static Inode inode(World world, long ino) {
        for (SuperBlock superBlock : world.vfs().superBlocks()) {
            for (Inode inode : superBlock.inodes()) {
                if (inode.ino() == ino) {
                    return inode;
                }
            }
        }
        return null;
    }

    /** The VMA of {@code pid} containing {@code address}, or null. */
    public static Vma vmaAt(World world, int pid, long address) {
        Process process = process(world, pid);
        return process == null ? null : process.mm().findVma(address);
    }

    /** The VMA of {@code pid} with this label, or null. */
    public static Vma vma(World world, int pid, String label) {
        Process process = process(world, pid);
        if (process == null) {
            return null;
        }
        for (Vma vma : process.mm().vmas()) {
            if (vma.label().equals(label)) {
                return vma;
            }
        }
        return null;
    }

    /** The MAP_DIRECT state of a VMA, or null. */
    public static MapDirectState direct(Vma vma) {
        return vma != null && vma.privateData() instanceof MapDirectState mds ? mds : null;
    }

    /** Every live VMA of every process sharing the MAP_DIRECT state labelled {@code mds}. */
    public static List<Vma> vmasOf(World world, String mds) {
        List<Vma> result = new ArrayList<>();
        for (Process process : world.processes().all()) {
            for (Vma vma : process.mm().vmas()) {
                MapDirectState state = direct(vma);
                if (state != null && state.label().equals(mds)) {
                    result.add(vma);
                }
            }
        }
        return result;
    }

    /** The inode a file VMA maps, or null. */
    public static Inode inodeOf(Vma vma) {
        return vma != null && vma.file() instanceof File file ? file.inode() : null;
    }
}
