package io.mapdirect.check;

import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.Op;
import io.mapdirect.events.OpResult;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.fs.mapdirect.MapDirectState;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.MmEvents;
import io.mapdirect.mm.Vma;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SIGBUS_AFTER_INVALIDATE: after invalidation every access through the mapping gets SIGBUS; no stale
 * page-table entry survives [04] [06]. At the invalidation no VMA of the state may keep a PTE;
 * afterwards no PTE may be installed in one, and no load, store or flush through one that started
 * after the invalidation may succeed. An access already in flight when the invalidation ran (it
 * faulted its page in before, and returns after) does not count: the kernel gives no guarantee
 * about an access that overlaps the invalidation, only about later ones (a false positive the fuzz
 * campaign found; regression case {@code regressions/sigbus-in-flight-access.case}).
 */
public final class SigbusAfterInvalidate implements Invariant {
    /** Invalidated map_direct_states and the event index of their invalidation. */
    private final Map<String, Integer> invalidatedAt = new LinkedHashMap<>();
    /** The event index at which each operation ({@code actor#index}) started. */
    private final Map<String, Integer> startedAt = new LinkedHashMap<>();

    @Override
    public InvariantId id() {
        return InvariantId.SIGBUS_AFTER_INVALIDATE;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case MapDirectEvents.Invalidated inv -> {
                invalidatedAt.putIfAbsent(inv.mds(), entry.index());
                for (Vma vma : ModelView.vmasOf(ctx.world(), inv.mds())) {
                    int stale = vma.mm().pageTable().range(Mm.pageOf(vma.start()), Mm.pageOf(vma.end())).size();
                    if (stale > 0) {
                        ctx.report(id(), stale + " PTE(s) survived the invalidation of " + inv.mds(), inv.mds(), vma.label());
                    }
                }
            }
            case MmEvents.PteInstalled pte -> {
                MapDirectState mds = ModelView.direct(ModelView.vma(ctx.world(), pte.pid(), pte.vma()));
                if (mds != null && invalidatedAt.containsKey(mds.label())) {
                    ctx.report(id(), "a PTE was installed after the invalidation of " + mds.label(), mds.label(), pte.vma());
                }
            }
            case HarnessEvents.OpStarted started -> startedAt.put(started.actor() + "#" + started.index(), entry.index());
            case HarnessEvents.OpDone done when isAccess(done.op()) && !(done.result() instanceof OpResult.Sig) -> {
                MapDirectState mds = ModelView.direct(ModelView.vmaAt(ctx.world(), pidOf(ctx, done.actor()), done.address()));
                Integer invalidation = mds == null ? null : invalidatedAt.get(mds.label());
                int start = startedAt.getOrDefault(done.actor() + "#" + done.index(), -1);
                if (invalidation != null && invalidation < start) {
                    ctx.report(id(), done.op().name() + " through invalidated " + mds.label() + " returned " + done.result().brief(),
                            mds.label());
                }
            }
            default -> { }
        }
    }

    private static boolean isAccess(Op op) {
        return op instanceof Op.Load || op instanceof Op.Store || op instanceof Op.Flush;
    }

    static int pidOf(CheckContext ctx, String actor) {
        var process = ctx.world().processes().byName(actor);
        return process == null ? -1 : process.pid();
    }
}
