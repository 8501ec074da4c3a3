package io.mapdirect.check;

import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.fs.mapdirect.MapDirectState;
import io.mapdirect.harness.HarnessEvents;
import io.mapdirect.harness.Op;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.MmEvents;
import io.mapdirect.mm.Vma;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * SIGBUS_AFTER_INVALIDATE: after invalidation every access through the mapping gets SIGBUS; no stale
 * page-table entry survives [04] [06]. At the invalidation no VMA of the state may keep a PTE;
 * afterwards no PTE may be installed in one, and no load, store or flush through one may succeed.
 * An access that started before the invalidation may succeed: its data access can have happened
 * before it (an access that faults after it is caught by the PTE check). Judging such an access by
 * the time it returned was a checker gap found by the verdict run: a store that hit memory, was
 * preempted before returning, and returned after a break had invalidated the mapping.
 */
public final class SigbusAfterInvalidate implements Invariant {
    private final Set<String> invalidated = new LinkedHashSet<>();
    /** Per actor: the states already invalidated when its current operation started. */
    private final Map<String, Set<String>> invalidatedAtStart = new LinkedHashMap<>();

    @Override
    public InvariantId id() {
        return InvariantId.SIGBUS_AFTER_INVALIDATE;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case MapDirectEvents.Invalidated inv -> {
                invalidated.add(inv.mds());
                for (Vma vma : ModelView.vmasOf(ctx.world(), inv.mds())) {
                    int stale = vma.mm().pageTable().range(Mm.pageOf(vma.start()), Mm.pageOf(vma.end())).size();
                    if (stale > 0) {
                        ctx.report(id(), stale + " PTE(s) survived the invalidation of " + inv.mds(), inv.mds(), vma.label());
                    }
                }
            }
            case MmEvents.PteInstalled pte -> {
                MapDirectState mds = ModelView.direct(ModelView.vma(ctx.world(), pte.pid(), pte.vma()));
                if (mds != null && invalidated.contains(mds.label())) {
                    ctx.report(id(), "a PTE was installed after the invalidation of " + mds.label(), mds.label(), pte.vma());
                }
            }
            case HarnessEvents.OpStarted started -> invalidatedAtStart.put(started.actor(), Set.copyOf(invalidated));
            case HarnessEvents.OpDone done when isAccess(done.op()) && !done.result().startsWith("SIG") -> {
                MapDirectState mds = ModelView.direct(ModelView.vmaAt(ctx.world(), pidOf(ctx, done.actor()), done.address()));
                if (mds != null && invalidatedAtStart.getOrDefault(done.actor(), Set.of()).contains(mds.label())) {
                    ctx.report(id(), done.op().name() + " through invalidated " + mds.label() + " returned " + done.result(),
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
