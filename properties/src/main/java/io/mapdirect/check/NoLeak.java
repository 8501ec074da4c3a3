package io.mapdirect.check;

import io.mapdirect.fs.Inode;
import io.mapdirect.fs.SuperBlock;
import io.mapdirect.fs.xfs.ExtentMap;
import io.mapdirect.fs.xfs.XfsInode;
import io.mapdirect.kernel.KObject;
import io.mapdirect.proc.Process;
import java.util.ArrayList;
import java.util.List;

/**
 * NO_LEAK: when every process has exited and time has run out: no leases, no pins, no mapped or
 * allocated IOVAs, {@code i_mapdcount} 0, all blocks accounted for [04] [08] [11]. Also no tracked
 * kernel object (state, lease, fasync entry, file, umem) is left alive. Checked once, at the end.
 */
public final class NoLeak implements Invariant {
    private final List<EndStateProbe> extraProbes;

    /** A further end-state check contributed by another layer (the IOMMU's IOVAs). */
    @FunctionalInterface
    public interface EndStateProbe {
        /** Descriptions of what leaked; empty if nothing. */
        List<String> leaks(CheckContext ctx);
    }

    public NoLeak(List<EndStateProbe> extraProbes) {
        this.extraProbes = List.copyOf(extraProbes);
    }

    @Override
    public InvariantId id() {
        return InvariantId.NO_LEAK;
    }

    @Override
    public void atEnd(CheckContext ctx) {
        List<String> leaks = new ArrayList<>();
        for (Process process : ctx.world().processes().all()) {
            if (!process.exited()) {
                leaks.add(process + " still alive");
            }
        }
        inodeLeaks(ctx, leaks);
        if (!ctx.world().pins().all().isEmpty()) {
            leaks.add("pinned pages " + ctx.world().pins().all());
        }
        for (KObject object : ctx.world().kernel().objects().live()) {
            leaks.add(object.label() + " never freed");
        }
        List<ExtentMap> maps = new ArrayList<>();
        for (XfsInode inode : ctx.world().xfs().inodes()) {
            maps.add(inode.map());
        }
        for (String error : ctx.world().xfs().allocator().accountingErrors(maps)) {
            leaks.add("blocks: " + error);
        }
        for (EndStateProbe probe : extraProbes) {
            leaks.addAll(probe.leaks(ctx));
        }
        if (!leaks.isEmpty()) {
            ctx.report(id(), String.join("; ", leaks.subList(0, Math.min(leaks.size(), 8)))
                    + (leaks.size() > 8 ? "; and " + (leaks.size() - 8) + " more" : ""));
        }
    }

    private static void inodeLeaks(CheckContext ctx, List<String> leaks) {
        for (SuperBlock superBlock : ctx.world().vfs().superBlocks()) {
            for (Inode inode : superBlock.inodes()) {
                if (!inode.flctx().leasesSnapshot().isEmpty()) {
                    leaks.add(inode + " still has " + inode.flctx().leasesSnapshot().size() + " lease(s)");
                }
                if (inode.mapdcount() != 0) {
                    leaks.add(inode + " i_mapdcount " + inode.mapdcount());
                }
            }
        }
    }
}
