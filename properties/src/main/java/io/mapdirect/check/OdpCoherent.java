package io.mapdirect.check;

import io.mapdirect.kernel.EventLog;
import io.mapdirect.nic.NicEvent;

/**
 * ODP_COHERENT: an ODP MR never reaches blocks the file no longer maps at that offset, and keeps
 * working after a block-map change [34] [38]. A landing in persistent memory through an ODP MR must
 * be the block the file maps now at the offset the page was last resolved at.
 */
public final class OdpCoherent implements Invariant {
    private final MrTable mrs = new MrTable();

    @Override
    public InvariantId id() {
        return InvariantId.ODP_COHERENT;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        mrs.onEvent(entry);
        if (entry.event() instanceof NicEvent.DmaLanded landed) {
            MrTable.Mr mr = mrs.get(landed.nic(), landed.mrKey());
            if (mr == null || !mr.odp || ctx.world().memory().isDram(landed.pmemBlock())) {
                return;
            }
            String problem = DmaToForeignBlock.foreign(ctx, mr, landed);
            if (problem != null) {
                ctx.report(id(), "ODP DMA through " + mr.label() + " reached pmem block " + landed.pmemBlock() + ": "
                        + problem, mr.label());
            }
        }
    }
}
