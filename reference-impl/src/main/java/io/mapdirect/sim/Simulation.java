package io.mapdirect.sim;

import java.time.Duration;
import java.util.List;

/**
 * A simulation: tasks, a virtual clock, a trace and a {@link Schedule} of choices, run by one
 * {@link Scheduler} chosen when the simulation is made. The model and the harness call only this
 * front; it hands every call on.
 *
 * <p>The default scheduler is deterministic ({@link DeterministicScheduler}): tasks on virtual
 * threads, exactly one of which holds the baton at a time; choices are consumed only when more
 * than one task could run; time moves only when no task can run, straight to the earliest timer.
 * The real-thread stress mode ({@link #threaded}) runs every task on its own platform thread at
 * once ({@link ThreadedScheduler}).
 *
 * <p>A run ends when every task has finished and no timer is pending ({@link RunOutcome.Completed}),
 * when every remaining task sleeps with no timer pending ({@link RunOutcome.Deadlock}, naming each
 * task and what it waits on; idle kernel workers do not count), when the step or time budget runs
 * out ({@link RunOutcome.Runaway}), when a task throws ({@link RunOutcome.Crashed}) or when a
 * checker calls {@link #stop(String)}. Afterwards every task still parked is woken with a
 * {@link SimulationAbort} and joined: no thread outlives a run.
 *
 * <p>Outside a run (while a test or harness builds the world) yield points are no-ops and sleeping
 * is an error, so model calls can be used for set-up as long as they do not block.
 */
public final class Simulation {
    private final Scheduler scheduler;
    private final boolean threaded;

    /** A simulation with the given step budget and virtual-time budget per run. */
    public Simulation(long maxSteps, long maxTimeNs) {
        checkBudgets(maxSteps, maxTimeNs);
        this.scheduler = new DeterministicScheduler(this, maxSteps, maxTimeNs);
        this.threaded = false;
    }

    /** A simulation with a budget of ten million steps and one virtual hour. */
    public Simulation() {
        this(10_000_000L, 3_600L * VirtualClock.NS_PER_SEC);
    }

    private Simulation(long maxSteps, long maxTimeNs, Duration wallClockLimit, long seed) {
        checkBudgets(maxSteps, maxTimeNs);
        this.scheduler = new ThreadedScheduler(maxSteps, maxTimeNs, wallClockLimit, seed);
        this.threaded = true;
    }

    private static void checkBudgets(long maxSteps, long maxTimeNs) {
        if (maxSteps <= 0 || maxTimeNs <= 0) {
            throw new IllegalArgumentException("budgets must be positive: maxSteps=" + maxSteps + " maxTimeNs=" + maxTimeNs);
        }
    }

    /**
     * A simulation in the real-thread stress mode: every task runs on its own platform thread, all
     * at once, with only the primitives' bookkeeping under one lock. Not deterministic: the schedule
     * is ignored and the trace holds no steps. A run that neither ends nor blocks within
     * {@code wallClockLimit} ends as a hang ({@link RunOutcome.Runaway}); {@code seed} seeds the
     * yields that shake interleavings.
     */
    public static Simulation threaded(long maxSteps, long maxTimeNs, Duration wallClockLimit, long seed) {
        if (wallClockLimit == null || wallClockLimit.isNegative() || wallClockLimit.isZero()) {
            throw new IllegalArgumentException("a threaded simulation needs a positive wall-clock limit, got " + wallClockLimit);
        }
        return new Simulation(maxSteps, maxTimeNs, wallClockLimit, seed);
    }

    /** Whether this simulation runs in the real-thread stress mode. */
    public boolean isThreaded() {
        return threaded;
    }

    /**
     * Takes the scheduler lock around a primitive's bookkeeping in the threaded mode; nothing (and no
     * yield point) in the deterministic mode, where the baton already excludes everybody else.
     */
    void lockBookkeeping() {
        scheduler.lockBookkeeping();
    }

    /** Releases what {@link #lockBookkeeping()} took. */
    void unlockBookkeeping() {
        scheduler.unlockBookkeeping();
    }

    // ---------------------------------------------------------------- set-up

    /** Sets the schedule the next run consumes. */
    public void setSchedule(Schedule schedule) {
        scheduler.setSchedule(schedule);
    }

    public Schedule schedule() {
        return scheduler.schedule();
    }

    /** Installs the listener called after every step (deterministic mode only: the threaded mode has no steps to stop at). */
    public void setStepListener(StepListener listener) {
        scheduler.setStepListener(listener);
    }

    /**
     * Creates a task. Before a run it starts runnable with the run; during a run it becomes
     * runnable at once (the spawning task keeps the baton).
     */
    public Task spawn(String name, Runnable body) {
        return scheduler.spawn(name, body);
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs every runnable task to the end of the run and returns how it ended. May be called again
     * to run tasks spawned afterwards; the clock, the trace and the counters carry over.
     */
    public RunResult run() {
        return scheduler.run();
    }

    /**
     * A yield point: records the step, runs the step listener and lets the schedule decide whether
     * another runnable task takes over. A no-op outside a run.
     */
    public void yieldPoint(Site site) {
        scheduler.yieldPoint(site);
    }

    /** Records a model event in the trace; not a decision point. */
    public void event(Site site, long arg) {
        scheduler.event(site, arg);
    }

    /**
     * Puts the current task to sleep on {@code blocker} until another task or a timer calls
     * {@link #wake(Task)}, the timeout passes ({@code timeoutNs < 0}: none) or, for an
     * interruptible sleep, the task is interrupted. Callers re-check their condition afterwards.
     */
    public WaitResult sleepOn(Blocker blocker, Site site, long timeoutNs, boolean interruptible) {
        return scheduler.sleepOn(blocker, site, timeoutNs, interruptible);
    }

    /** Sleeps for {@code delayNs} of virtual time. */
    public void sleepNs(long delayNs, Site site) {
        scheduler.sleepNs(delayNs, site);
    }

    /** Makes a sleeping task runnable (its wait ends with {@link WaitResult#DONE}). The caller keeps the baton. */
    public void wake(Task task) {
        scheduler.wake(task);
    }

    /** Sets the task's pending interrupt and ends an interruptible sleep with {@link WaitResult#INTERRUPTED}. */
    public void interrupt(Task task) {
        scheduler.interrupt(task);
    }

    /** Ends the run with {@link RunOutcome.Stopped}; called from a task or a step listener. */
    public void stop(String reason) {
        scheduler.stop(reason);
    }

    // ---------------------------------------------------------------- time

    /** Current virtual time. */
    public long nowNs() {
        return scheduler.nowNs();
    }

    /** Arms a timer; its action runs with the baton held and must not sleep. */
    public Timer armTimer(long delayNs, Site site, Runnable action) {
        return scheduler.armTimer(delayNs, site, action);
    }

    /** Cancels a pending timer; returns whether it was pending. */
    public boolean cancelTimer(Timer timer) {
        return scheduler.cancelTimer(timer);
    }

    // ---------------------------------------------------------------- queries

    /** The task holding the baton, or null outside a run. */
    public Task current() {
        return scheduler.current();
    }

    /** Whether a run is in progress. */
    public boolean isRunning() {
        return scheduler.isRunning();
    }

    public Trace trace() {
        return scheduler.trace();
    }

    /** Every task ever spawned, by id. */
    public List<Task> tasks() {
        return scheduler.tasks();
    }

    public long steps() {
        return scheduler.steps();
    }

    public long switches() {
        return scheduler.switches();
    }

    /** Number of runs started on this simulation. */
    public int runs() {
        return scheduler.runs();
    }

    /**
     * Names of the tasks whose threads are still alive. Empty after every {@link #run()}: a test
     * and the fuzz campaign check that no thread outlives a run.
     */
    public List<String> liveTaskThreads() {
        return scheduler.liveTaskThreads();
    }

    /** Number of timers currently armed. */
    public int pendingTimers() {
        return scheduler.pendingTimers();
    }
}
