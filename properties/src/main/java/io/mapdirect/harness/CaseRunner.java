package io.mapdirect.harness;

import io.mapdirect.check.Checkers;
import io.mapdirect.check.Invariant;
import io.mapdirect.events.Op;
import io.mapdirect.kernel.Creds;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunOutcome;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.Schedule;
import io.mapdirect.world.World;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one case: boots its world, creates its processes, starts one task per actor (a forked
 * child's task starts at the fork), installs the checkers and runs under the case's schedule. A
 * crash operation ends the run: the machine crashes, recovers and the durability checks run.
 * Otherwise the world is quiesced (every live process exits, time runs past every timer) and the
 * end-state checks run. How the run ended is checked too (an oops, a deadlock, a runaway).
 */
public final class CaseRunner {
    /** The stop reason of the crash operation. */
    public static final String CRASH = "crash";
    /** The environment actor's name. */
    public static final String ENV = "env";

    /**
     * How to run. {@code invariants} makes a fresh set of checkers for each run: checkers keep state
     * (what was invalidated, revoked, started), so one set reused across runs judges a run by the
     * last one's events (how the stress test once reported SIGBUS_AFTER_INVALIDATE in a quarter of
     * its runs: a PTE installed "after the invalidation" that had happened in an earlier run).
     */
    public record Options(boolean stopAtFirst, Function<World, RdmaBridge> rdma, Supplier<List<Invariant>> invariants) { }

    private final Case c;
    private final Options options;
    private final io.mapdirect.sim.Simulation threadedSim;
    private World world;
    private Checkers checkers;
    private Interpreter interpreter;
    private Schedule schedule;

    private CaseRunner(Case c, Options options, io.mapdirect.sim.Simulation threadedSim) {
        this.c = c;
        this.options = options;
        this.threadedSim = threadedSim;
    }

    /**
     * Runs {@code c}; the same case always gives the same result and trace. The run happens on a
     * virtual thread ({@link io.mapdirect.sim.VirtualDriver}), whatever thread calls.
     */
    public static CaseResult run(Case c, Options options) {
        return io.mapdirect.sim.VirtualDriver.call(() -> new CaseRunner(c, options, null).run());
    }

    /**
     * Runs {@code c} under {@code schedule} instead of its own list (a PCT plan, say); afterwards
     * {@link Schedule#choicesMade()} is the list that replays the run.
     */
    public static CaseResult run(Case c, Options options, Schedule schedule) {
        return io.mapdirect.sim.VirtualDriver.call(() -> {
            CaseRunner runner = new CaseRunner(c, options, null);
            runner.schedule = schedule;
            return runner.run();
        });
    }

    /**
     * Runs the case in the real-thread stress mode: every actor on its own platform thread at once
     * ({@link io.mapdirect.sim.Simulation#threaded}), the schedule unused, invariants checked only at the
     * quiescent points (the end of the run and after the reaper), since no step listener runs there.
     */
    public static CaseResult runThreaded(Case c, Options options, java.time.Duration wallClockLimit, long seed) {
        io.mapdirect.sim.Simulation sim = io.mapdirect.sim.Simulation.threaded(WorldSetup.MAX_STEPS,
                WorldSetup.MAX_TIME_NS, wallClockLimit, seed);
        return new CaseRunner(c, options, sim).run();
    }

    private CaseResult run() {
        world = WorldSetup.boot(c, threadedSim);
        for (WorldSpec.ProcessSpec spec : c.world().processes()) {
            world.process(spec.name(), new Creds(spec.uid(), spec.fsuid(),
                    spec.capabilities().isEmpty() ? EnumSet.noneOf(io.mapdirect.kernel.Capability.class)
                            : EnumSet.copyOf(spec.capabilities())));
        }
        checkers = Checkers.install(world, options.invariants().get(), options.stopAtFirst());
        interpreter = new Interpreter(world, new Resources(), options.rdma().apply(world), this::startChild);
        startActors();
        world.sim().setSchedule(schedule != null ? schedule : Schedule.of(c.schedule()));
        RunResult main = world.run();
        RunOutcome outcome = main.outcome();
        checkers.onOutcome(outcome);
        RunOutcome last = outcome;
        if (outcome instanceof RunOutcome.Stopped stopped && stopped.reason().equals(CRASH)) {
            checkers.crashing();
            world.crash();
            checkers.afterCrash();
        } else if (outcome instanceof RunOutcome.Completed) {
            last = quiesce();
        }
        CaseResult result = new CaseResult(checkers.context().violations(), outcome, last, world.sim().trace().fingerprint(),
                world.sim().steps(), world.sim().switches(), world.sim().nowNs(), world.kernel().probes().counts(),
                world);
        RunObservers.notify(result);
        return result;
    }

    private void startActors() {
        for (String actor : c.actors()) {
            Process process = world.processes().byName(actor);
            if (process != null) {
                world.start(process, () -> runOps(actor, process));
            } else if (isDevice(actor) || actor.equals(ENV)) {
                world.startKernelTask(actor, () -> runOps(actor, null));
            }
            // any other actor is a child: its task starts when its parent forks it
        }
    }

    private boolean isDevice(String actor) {
        return c.world().devices().stream().anyMatch(d -> d.name().equals(actor));
    }

    private void startChild(Process child) {
        world.start(child, () -> runOps(child.name(), child));
    }

    private void runOps(String actor, Process process) {
        List<Op> ops = c.opsOf(actor);
        for (int i = 0; i < ops.size(); i++) {
            if (process != null && process.exited()) {
                return;
            }
            interpreter.run(actor, i, ops.get(i), process);
        }
    }

    /**
     * Exits every live process, then lets time run past every timer; then the end-state checks, if that
     * run completed. Returns how it ended.
     */
    private RunOutcome quiesce() {
        List<Process> live = new ArrayList<>();
        for (Process process : world.processes().all()) {
            if (!process.exited()) {
                live.add(process);
            }
        }
        world.startKernelTask("reaper", () -> {
            for (Process process : live) {
                process.exit();
            }
        });
        RunResult end = world.run();
        checkers.onOutcome(end.outcome());
        if (end.outcome() instanceof RunOutcome.Completed) {
            checkers.atEnd();
        }
        return end.outcome();
    }
}
