package io.mapdirect.check;

import io.mapdirect.fs.FsEvents;
import io.mapdirect.fs.locks.LeaseEvents;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.sim.RunOutcome;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SIGIO_ON_BREAK: the holder gets exactly one SIGIO per break, on the fd it mapped with, before
 * invalidation [02] [04]. Each MAP_DIRECT state's registration names the holder and fd; its layout
 * lease's SIGIOs are counted per break. A break that has had no SIGIO violates it when the state is
 * invalidated, when its lease goes away (the break completed, the holder unmapped, the lease was
 * removed some other way), and when the run ends with the break still open; so do a second SIGIO
 * for one break and one to another process or fd.
 */
public final class SigioOnBreak implements Invariant {
    private record Holder(int pid, int fd) { }

    private final Map<String, Holder> holders = new LinkedHashMap<>();
    private final Map<String, String> ownerOfLease = new LinkedHashMap<>();
    private final Map<String, Integer> sigiosThisBreak = new LinkedHashMap<>();

    @Override
    public InvariantId id() {
        return InvariantId.SIGIO_ON_BREAK;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case MapDirectEvents.Registering r -> holders.put(r.mds(), new Holder(r.pid(), r.fd()));
            case LeaseEvents.LeaseAdded added -> ownerOfLease.put(added.lease(), added.owner());
            case MapDirectEvents.BreakNoticed noticed -> sigiosThisBreak.put(noticed.mds(), 0);
            case FsEvents.SigioSent sigio -> onSigio(ctx, sigio);
            case MapDirectEvents.Invalidated inv -> requireSigio(ctx, inv.mds(), "was invalidated");
            case LeaseEvents.LeaseRemoved removed when holders.containsKey(removed.owner()) ->
                    requireSigio(ctx, removed.owner(), "lost its lease (" + removed.why() + ")");
            default -> { }
        }
    }

    /** Reports a break of {@code mds} that had no SIGIO by the time it {@code what}. */
    private void requireSigio(CheckContext ctx, String mds, String what) {
        Integer count = sigiosThisBreak.get(mds);
        if (count != null && count == 0) {
            ctx.report(id(), mds + " " + what + " before its holder got SIGIO", mds);
        } else if (count == null && what.equals("was invalidated")) {
            ctx.report(id(), mds + " was invalidated before its holder got SIGIO", mds);
        }
    }

    private void onSigio(CheckContext ctx, FsEvents.SigioSent sigio) {
        String mds = ownerOfLease.get(sigio.lease());
        Holder holder = mds == null ? null : holders.get(mds);
        if (holder == null) {
            return;
        }
        int count = sigiosThisBreak.merge(mds, 1, Integer::sum);
        if (count > 1) {
            ctx.report(id(), "holder of " + mds + " got " + count + " SIGIOs for one break", mds);
        } else if (sigio.pid() != holder.pid() || sigio.fd() != holder.fd()) {
            ctx.report(id(), "SIGIO for " + mds + " went to pid " + sigio.pid() + " fd " + sigio.fd()
                    + ", not the holder (pid " + holder.pid() + ", fd " + holder.fd() + ")", mds);
        }
    }

    @Override
    public void onOutcome(CheckContext ctx, RunOutcome outcome) {
        if (!(outcome instanceof RunOutcome.Stopped)) {
            for (Map.Entry<String, Integer> open : sigiosThisBreak.entrySet()) {
                if (open.getValue() == 0) {
                    ctx.report(id(), "the break of " + open.getKey() + " never sent its holder SIGIO", open.getKey());
                    return;
                }
            }
        }
    }
}
