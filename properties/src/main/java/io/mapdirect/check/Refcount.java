package io.mapdirect.check;

import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.Oops;
import io.mapdirect.sim.RunOutcome;

/**
 * REFCOUNT: each map_direct_state / lease_direct state is freed exactly once and never used after;
 * the VMA count matches live VMAs [04] [08]. Use after free, double or bad frees and reference
 * underflows are oopses of the model's lifetime tracking; and when a state's last VMA closes, no
 * live VMA may still point at it.
 */
public final class Refcount implements Invariant {
    @Override
    public InvariantId id() {
        return InvariantId.REFCOUNT;
    }

    @Override
    public void onOutcome(CheckContext ctx, RunOutcome outcome) {
        if (outcome instanceof RunOutcome.Crashed crash && crash.error() instanceof Oops oops
                && oops.kind().isLifetimeError() && !oops.where().equals("i_mapdcount_dec")) {
            ctx.report(id(), oops.getMessage(), oops.object() == null ? "-" : oops.object());
        }
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        if (entry.event() instanceof MapDirectEvents.LastVmaClosed closed) {
            int live = ModelView.vmasOf(ctx.world(), closed.mds()).size();
            if (live != 0) {
                ctx.report(id(), "VMA count of " + closed.mds() + " reached 0 while " + live + " VMA(s) still use it",
                        closed.mds());
            }
        }
    }
}
