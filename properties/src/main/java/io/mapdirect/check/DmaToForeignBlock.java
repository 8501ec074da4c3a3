package io.mapdirect.check;

import io.mapdirect.fs.Inode;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.nic.NicEvent;

/**
 * DMA_TO_FOREIGN_BLOCK: no DMA ever reaches a physical block that is not, at that instant, mapped at
 * the registered file offset of the registered file (no DMA into freed or reassigned blocks) [07]
 * [11]. For a pinned MR, a landing in persistent memory must be the block its file maps now at the
 * offset the page was registered at; DRAM pages (page cache, anonymous memory, the REMAP scratch
 * page) are pinned and never reused, so they are not foreign. ODP MRs are ODP_COHERENT's.
 */
public final class DmaToForeignBlock implements Invariant {
    private final MrTable mrs = new MrTable();

    @Override
    public InvariantId id() {
        return InvariantId.DMA_TO_FOREIGN_BLOCK;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        mrs.onEvent(entry);
        if (!(entry.event() instanceof NicEvent.DmaLanded landed)) {
            return;
        }
        MrTable.Mr mr = mrs.get(landed.nic(), landed.mrKey());
        if (mr == null || mr.odp || ctx.world().memory().isDram(landed.pmemBlock())) {
            return;
        }
        String problem = foreign(ctx, mr, landed);
        if (problem != null) {
            ctx.report(id(), "DMA through " + mr.label() + " reached pmem block " + landed.pmemBlock() + ": " + problem,
                    mr.label(), "pmem " + landed.pmemBlock());
        }
    }

    static String foreign(CheckContext ctx, MrTable.Mr mr, NicEvent.DmaLanded landed) {
        MrTable.Page page = mr.pagesByBusPage.get(landed.iova() >>> 12);
        if (page == null || page.ino() < 0) {
            return "the MR has no file page at bus address 0x" + Long.toHexString(landed.iova());
        }
        Inode inode = ModelView.inode(ctx.world(), page.ino());
        long now = inode == null ? -1 : inode.pfnAt(page.fileBlock());
        if (now != landed.pmemBlock()) {
            return "ino " + page.ino() + " block " + page.fileBlock() + " maps " + (now < 0 ? "nothing" : "pmem " + now)
                    + " now";
        }
        return null;
    }
}
