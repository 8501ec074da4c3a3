package io.mapdirect.check;

import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.Op;
import io.mapdirect.events.OpResult;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.fs.mapdirect.MapDirectState;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.Vma;
import io.mapdirect.proc.Process;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * REG_ON_BROKEN_REFUSED: registration on a MAP_DIRECT mapping that is invalid or breaking fails with
 * ENXIO and leaves nothing behind [09]. A registration that succeeds over a MAP_DIRECT VMA whose
 * state noticed a break before the registration's lease_direct on that inode was taken (or which
 * took none) violates it; so does one that fails and leaves a lease, a pin or an IOVA behind.
 */
public final class RegOnBrokenRefused implements Invariant {
    private final Map<String, Integer> breakNoticedAt = new LinkedHashMap<>();
    private final Map<String, Map<Long, Integer>> leaseTakenAt = new LinkedHashMap<>();
    private final LeftBehind leftBehind = new LeftBehind();

    @Override
    public InvariantId id() {
        return InvariantId.REG_ON_BROKEN_REFUSED;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        leftBehind.onEvent(entry);
        switch (entry.event()) {
            case MapDirectEvents.BreakNoticed noticed -> breakNoticedAt.putIfAbsent(noticed.mds(), entry.index());
            case MapDirectEvents.LastVmaClosed closed -> breakNoticedAt.putIfAbsent(closed.mds(), entry.index());
            case HarnessEvents.OpStarted started when started.op() instanceof Op.RegMr ->
                    leaseTakenAt.put(entry.task(), new LinkedHashMap<>());
            case MapDirectEvents.LeaseDirectTaken taken when leaseTakenAt.containsKey(entry.task()) ->
                    leaseTakenAt.get(entry.task()).putIfAbsent(taken.ino(), entry.index());
            case HarnessEvents.OpDone done when done.op() instanceof Op.RegMr reg -> finish(ctx, entry, done, reg);
            default -> { }
        }
    }

    private void finish(CheckContext ctx, EventLog.Entry entry, HarnessEvents.OpDone done, Op.RegMr reg) {
        Map<Long, Integer> taken = leaseTakenAt.remove(entry.task());
        if (!(done.result() instanceof OpResult.Value)) {
            String left = leftBehind.leftBy(entry.task());
            if (left != null) {
                ctx.report(id(), done.actor() + "#" + done.index() + " reg_mr failed with " + done.result().brief() + " and " + left,
                        done.actor());
            }
            return;
        }
        leftBehind.forget(entry.task());
        Process process = ctx.world().processes().byName(done.actor());
        if (process == null || ctx.world().kernel().policy().odp()) {
            return;
        }
        for (long page = done.address(); page < done.address() + reg.len(); page += Mm.PAGE_SIZE) {
            Vma vma = process.mm().findVma(page);
            MapDirectState mds = ModelView.direct(vma);
            if (mds == null) {
                continue;
            }
            Integer broke = breakNoticedAt.get(mds.label());
            Integer leased = taken == null ? null : taken.get(mds.inode().ino());
            if (broke != null && (leased == null || broke < leased)) {
                ctx.report(id(), done.actor() + "#" + done.index() + " registered over " + mds.label()
                        + ", which was breaking before the registration took its lease", mds.label(), done.actor());
                return;
            }
        }
    }
}
