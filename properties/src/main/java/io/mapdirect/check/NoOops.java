package io.mapdirect.check;

import io.mapdirect.kernel.Oops;
import io.mapdirect.sim.RunOutcome;

/**
 * NO_OOPS: no model code path dereferences a dead object or hits a BUG-style assertion [03] [04].
 * A run that crashed with an oops other than a lifetime error (those are REFCOUNT's and, for
 * {@code i_mapdcount}, MAPDCOUNT's), with an unexpected Java exception, or that ran away (a
 * livelock: the step or time budget exhausted) violates it.
 */
public final class NoOops implements Invariant {
    @Override
    public InvariantId id() {
        return InvariantId.NO_OOPS;
    }

    @Override
    public void onOutcome(CheckContext ctx, RunOutcome outcome) {
        switch (outcome) {
            case RunOutcome.Crashed crash when !(crash.error() instanceof Oops oops && oops.kind().isLifetimeError()) ->
                    ctx.report(id(), "oops in " + crash.task() + ": " + crash.error(), crash.task());
            case RunOutcome.Runaway runaway -> ctx.report(id(), "runaway: " + runaway.why());
            default -> { }
        }
    }
}
