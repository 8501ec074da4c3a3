package io.mapdirect.check;

import io.mapdirect.kernel.EventLog;
import io.mapdirect.nic.NicEvent;

/**
 * DMA_AFTER_REVOKE: once an MR's revocation has completed (break callback returned), no DMA through
 * that MR reaches any file block [00] [11] [22]. A landing in persistent memory (an XFS block or a
 * device-dax range, not DRAM and not the REMAP scratch page) through an MR whose lease_direct break
 * callback has returned violates it.
 */
public final class DmaAfterRevoke implements Invariant {
    private final MrTable mrs = new MrTable();

    @Override
    public InvariantId id() {
        return InvariantId.DMA_AFTER_REVOKE;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        mrs.onEvent(entry);
        if (entry.event() instanceof NicEvent.DmaLanded landed) {
            MrTable.Mr mr = mrs.get(landed.nic(), landed.mrKey());
            if (mr != null && mr.revoked && !ctx.world().memory().isDram(landed.pmemBlock())) {
                ctx.report(id(), "DMA " + (landed.write() ? "write" : "read") + " through revoked " + mr.label()
                        + " landed in pmem block " + landed.pmemBlock(), mr.label(), "pmem " + landed.pmemBlock());
            }
        }
    }
}
