package io.mapdirect.check;

import io.mapdirect.kernel.EventLog;
import io.mapdirect.sim.Simulation;
import io.mapdirect.world.World;
import java.util.List;

/**
 * Every invariant checker of a run, wired to the world: events reach each checker as they happen,
 * steps after every yield point. With {@code stopAtFirst} the run stops at the first step after a
 * violation (what the property suites want: a short failing trace); without it every invariant is
 * checked to the end (what the verdict table wants).
 */
public final class Checkers {
    private final List<Invariant> invariants;
    private final CheckContext context;
    private final boolean stopAtFirst;
    private boolean crashed;

    private Checkers(World world, List<Invariant> invariants, boolean stopAtFirst) {
        this.invariants = List.copyOf(invariants);
        this.context = new CheckContext(world);
        this.stopAtFirst = stopAtFirst;
    }

    /** Installs {@code invariants} on {@code world}. */
    public static Checkers install(World world, List<Invariant> invariants, boolean stopAtFirst) {
        Checkers checkers = new Checkers(world, invariants, stopAtFirst);
        world.kernel().events().subscribe(checkers::onEvent);
        world.sim().setStepListener((sim, task, site) -> checkers.afterStep(sim));
        return checkers;
    }

    private void onEvent(EventLog.Entry entry) {
        if (crashed) {
            return; // the machine is gone: recovery's own changes are checked by afterCrash
        }
        for (Invariant invariant : invariants) {
            invariant.onEvent(context, entry);
        }
    }

    private void afterStep(Simulation sim) {
        for (Invariant invariant : invariants) {
            invariant.afterStep(context);
        }
        if (stopAtFirst && !context.violations().isEmpty()) {
            sim.stop("invariant " + context.violations().get(0).id() + " violated");
        }
    }

    /** Checks how a run ended. */
    public void onOutcome(io.mapdirect.sim.RunOutcome outcome) {
        for (Invariant invariant : invariants) {
            invariant.onOutcome(context, outcome);
        }
    }

    /** End-state checks after the world quiesced. */
    public void atEnd() {
        for (Invariant invariant : invariants) {
            invariant.atEnd(context);
        }
    }

    /** Stops event checks: the machine crashes now (called before recovery runs). */
    public void crashing() {
        crashed = true;
    }

    /** Durability checks after a crash and recovery. */
    public void afterCrash() {
        for (Invariant invariant : invariants) {
            invariant.afterCrash(context);
        }
    }

    public CheckContext context() {
        return context;
    }
}
