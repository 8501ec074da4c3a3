package io.mapdirect.check;

import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.OpResult;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.EventLog;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ERRNO: every call returns a result the state it ran in allows [01] [06]. An independent rule
 * table, the LTP way ({@link ErrnoRules}): when an operation starts, its rule reads the pre-state
 * (is the fd open and for what, does the file exist and who owns it, the mapping at an address, the
 * design's policy) and computes the results it allows: a closed or never-opened fd allows only
 * EBADF, a read-only fd makes write(2) EBADF and a shared writable mmap EACCES, length 0 or an
 * unaligned offset EINVAL, MAP_SHARED_VALIDATE with unknown flags EOPNOTSUPP, setlease by a
 * non-owner without CAP_LEASE EACCES, and so on; where a race or an allocation failure makes
 * several results legal, the set holds them all; an allocation failure the case injects into the
 * operation ({@code fail_alloc}) makes ENOMEM legal wherever it comes. When the operation returns, its typed result must
 * be in that set. Every kind of operation has a rule, so no call passes unchecked. The checker keeps
 * its own record of the values resource names were bound to (from successful results), so it never
 * asks the harness.
 */
public final class ErrnoTable implements Invariant {
    private final Map<String, Long> bindings = new HashMap<>();
    private final Map<String, Allowed> decided = new LinkedHashMap<>();

    @Override
    public InvariantId id() {
        return InvariantId.ERRNO;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case HarnessEvents.OpStarted started -> decided.put(key(started.actor(), started.index()),
                    ErrnoRules.allowed(started.op(), started.actor(), preState(ctx, started.actor())));
            case HarnessEvents.OpDone done -> finish(ctx, done);
            default -> { }
        }
    }

    /** What the rules allowed {@code actor}'s {@code index}-th operation, or null if it never started (for tests). */
    Allowed allowedFor(String actor, int index) {
        return decided.get(key(actor, index));
    }

    private PreState preState(CheckContext ctx, String actor) {
        return new PreState(ctx.world(), ctx.world().processes().byName(actor), bindings);
    }

    private void finish(CheckContext ctx, HarnessEvents.OpDone done) {
        Allowed allowed = decided.get(key(done.actor(), done.index()));
        if (done.op().result() != null && done.result() instanceof OpResult.Value value) {
            bindings.put(done.op().result(), value.value());
        }
        if (allowed != null && !allowed.permits(done.result()) && !injectedAllocationFailure(ctx, done)) {
            ctx.report(id(), done.actor() + "#" + done.index() + " " + done.op().name() + " returned "
                    + done.result().brief() + "; the state it started in allows " + allowed.describe(), done.actor());
        }
    }

    /**
     * Whether the result is ENOMEM and the case's fault plan failed an allocation inside this very
     * operation ({@code fail_alloc ACTOR#OP}): the environment, not the model, decided it, and an
     * allocation may come before any check a rule knows of ({@code ib_umem_get()} allocates the
     * umem before {@code get_user_pages()} looks at the address).
     */
    private static boolean injectedAllocationFailure(CheckContext ctx, HarnessEvents.OpDone done) {
        if (!(done.result() instanceof OpResult.Err(Errno errno)) || errno != Errno.ENOMEM) {
            return false;
        }
        String scope = key(done.actor(), done.index());
        return ctx.world().kernel().faultPlan().injected().stream().anyMatch(injection -> injection.scope().equals(scope));
    }

    private static String key(String actor, int index) {
        return actor + "#" + index;
    }
}
