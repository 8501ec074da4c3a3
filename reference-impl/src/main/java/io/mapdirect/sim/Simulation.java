package io.mapdirect.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The deterministic scheduler: tasks on virtual threads, exactly one of which holds the baton at a
 * time, a virtual clock, a trace and a {@link Schedule} of choices consumed at real decision
 * points.
 *
 * <p>Determinism rests on three rules. A task runs only while it holds the baton and gives it up
 * only inside this class ({@link #yieldPoint}, {@link #sleepOn}, task end), so no
 * {@code java.util.concurrent} lock or {@code synchronized} block in model code ever blocks for
 * real. Choices are consumed only when more than one task could run. Time moves only when no task
 * can run, straight to the earliest timer.
 *
 * <p>A run ends when every task has finished and no timer is pending ({@link RunOutcome.Completed}),
 * when every remaining task sleeps with no timer pending ({@link RunOutcome.Deadlock}, naming each
 * task and what it waits on; idle kernel workers do not count), when the step or time budget runs
 * out ({@link RunOutcome.Runaway}), when a task throws ({@link RunOutcome.Crashed}) or when a
 * checker calls {@link #stop(String)}. Afterwards every task still parked is woken with a
 * {@link SimulationAbort}, one at a time, and joined: no thread outlives a run.
 *
 * <p>Outside a run (while a test or harness builds the world) yield points are no-ops and sleeping
 * is an error, so model calls can be used for set-up as long as they do not block.
 */
public final class Simulation {
    private static final Site SITE_CLOCK = Site.of("clock");
    private static final Duration UNWIND_TIMEOUT = Duration.ofSeconds(30);

    private final VirtualClock clock = new VirtualClock();
    private final List<Task> tasks = new ArrayList<>();
    private final List<Task> runnable = new ArrayList<>();
    private final long maxSteps;
    private final long maxTimeNs;
    private Trace trace = new Trace();
    private Schedule schedule = Schedule.none();
    private StepListener listener;
    private Task current;
    private boolean running;
    private volatile boolean aborting;
    private volatile boolean runEnded;
    private RunOutcome outcome;
    private Thread driver;
    private long steps;
    private long switches;
    private int runs;
    /** The real-thread stress mode's scheduler, or null in the (default) deterministic mode. */
    private final ThreadedScheduler threaded;

    /** A simulation with the given step budget and virtual-time budget per run. */
    public Simulation(long maxSteps, long maxTimeNs) {
        this(maxSteps, maxTimeNs, null, 0);
    }

    private Simulation(long maxSteps, long maxTimeNs, Duration wallClockLimit, long seed) {
        if (maxSteps <= 0 || maxTimeNs <= 0) {
            throw new IllegalArgumentException("budgets must be positive: maxSteps=" + maxSteps + " maxTimeNs=" + maxTimeNs);
        }
        this.maxSteps = maxSteps;
        this.maxTimeNs = maxTimeNs;
        this.threaded = wallClockLimit == null ? null : new ThreadedScheduler(clock, maxSteps, maxTimeNs, wallClockLimit, seed);
    }

    /**
     * A simulation in the real-thread stress mode: every call is handed to a {@link ThreadedScheduler},
     * which runs each task on its own platform thread, all at once, with only the primitives' bookkeeping
     * under one lock. Not deterministic: the schedule is ignored and the trace holds no steps. A run that
     * neither ends nor blocks within {@code wallClockLimit} ends as a hang ({@link RunOutcome.Runaway});
     * {@code seed} seeds the yields that shake interleavings.
     */
    public static Simulation threaded(long maxSteps, long maxTimeNs, Duration wallClockLimit, long seed) {
        if (wallClockLimit == null || wallClockLimit.isNegative() || wallClockLimit.isZero()) {
            throw new IllegalArgumentException("a threaded simulation needs a positive wall-clock limit, got " + wallClockLimit);
        }
        return new Simulation(maxSteps, maxTimeNs, wallClockLimit, seed);
    }

    /** Whether this simulation runs in the real-thread stress mode. */
    public boolean isThreaded() {
        return threaded != null;
    }

    /**
     * Takes the scheduler lock around a primitive's bookkeeping in the threaded mode; nothing (and no
     * yield point) in the deterministic mode, where the baton already excludes everybody else.
     */
    void lockBookkeeping() {
        if (threaded != null) {
            threaded.lock();
        }
    }

    /** Releases what {@link #lockBookkeeping()} took. */
    void unlockBookkeeping() {
        if (threaded != null) {
            threaded.unlock();
        }
    }

    /** A simulation with a budget of ten million steps and one virtual hour. */
    public Simulation() {
        this(10_000_000L, 3_600L * VirtualClock.NS_PER_SEC);
    }

    // ---------------------------------------------------------------- set-up

    /** Sets the schedule the next run consumes. */
    public void setSchedule(Schedule schedule) {
        this.schedule = schedule;
    }

    public Schedule schedule() {
        return schedule;
    }

    /** Installs the listener called after every step (deterministic mode only: the threaded mode has no steps to stop at). */
    public void setStepListener(StepListener listener) {
        this.listener = listener;
    }

    /**
     * Creates a task. Before a run it starts runnable with the run; during a run it becomes
     * runnable at once (the spawning task keeps the baton).
     */
    public Task spawn(String name, Runnable body) {
        if (threaded != null) {
            return threaded.spawn(name, body);
        }
        int id = tasks.size();
        Task[] holder = new Task[1];
        Thread thread = Thread.ofVirtual().name("sim-" + name).unstarted(() -> taskMain(holder[0]));
        Task task = new Task(id, name, body, thread);
        holder[0] = task;
        tasks.add(task);
        trace.registerTask(id, name);
        task.state = Task.State.RUNNABLE;
        insertRunnable(task);
        return task;
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs every runnable task to the end of the run and returns how it ended. May be called again
     * to run tasks spawned afterwards; the clock, the trace and the counters carry over.
     */
    public RunResult run() {
        if (threaded != null) {
            return threaded.run();
        }
        if (running) {
            throw new IllegalStateException("run() called from inside a run");
        }
        running = true;
        aborting = false;
        runEnded = false;
        outcome = null;
        driver = Thread.currentThread();
        runs++;
        startFirstTask();
        while (!runEnded) {
            LockSupport.park(this);
        }
        unwindAll();
        running = false;
        current = null;
        return new RunResult(outcome, trace, steps, switches, schedule.decisions(), clock.nowNs());
    }

    /**
     * Picks and starts the first task on the driver's thread. Timers that fell due before the run
     * fire here; one that throws ends the run as a crash of the timer, like a task that throws.
     */
    private void startFirstTask() {
        Task first;
        try {
            first = pickNext(null);
        } catch (RuntimeException | Error error) {
            endRun(new RunOutcome.Crashed("<timer>", error));
            return;
        }
        if (first == RUNAWAY_TIME) {
            endRun(new RunOutcome.Runaway("virtual time budget of " + VirtualClock.formatNs(maxTimeNs) + " exhausted"));
        } else if (first == null) {
            endRun(quiescentOutcome());
        } else {
            current = first;
            first.turn = true;
            resume(first);
        }
    }

    private void taskMain(Task task) {
        waitForTurn(task);
        try {
            if (!task.started) {
                task.started = true;
                record(task, TraceKind.START, null, 0);
            }
            task.body().run();
            task.state = Task.State.DONE;
            record(task, TraceKind.END, null, 0);
            runnable.remove(task);
            switchAway(task);
        } catch (SimulationAbort abort) {
            task.state = Task.State.DONE;
        } catch (Throwable error) {
            task.state = Task.State.DONE;
            runnable.remove(task);
            if (!aborting && !runEnded) {
                endRun(new RunOutcome.Crashed(task.name(), error));
            }
        }
    }

    /**
     * A yield point: records the step, runs the step listener and lets the schedule decide whether
     * another runnable task takes over. A no-op outside a run.
     */
    public void yieldPoint(Site site) {
        if (threaded != null) {
            threaded.yieldPoint();
            return;
        }
        if (!running) {
            return;
        }
        Task self = checkedCurrent();
        steps++;
        record(self, TraceKind.YIELD, site, 0);
        if (listener != null) {
            listener.afterStep(this, self, site);
            checkAbort();
        }
        if (steps > maxSteps) {
            endRunFromTask(self, new RunOutcome.Runaway("step budget of " + maxSteps + " steps exhausted at " + site));
        }
        if (runnable.size() > 1) {
            int choice = schedule.next();
            if (choice != 0) {
                Task next = otherRunnable(self, choice - 1);
                handoff(self, next);
            }
        }
    }

    /** Records a model event in the trace; not a decision point. */
    public void event(Site site, long arg) {
        if (threaded == null && running && current != null) {
            record(current, TraceKind.EVENT, site, arg);
        }
    }

    /**
     * Puts the current task to sleep on {@code blocker} until another task or a timer calls
     * {@link #wake(Task)}, the timeout passes ({@code timeoutNs < 0}: none) or, for an
     * interruptible sleep, the task is interrupted. Callers re-check their condition afterwards.
     */
    public WaitResult sleepOn(Blocker blocker, Site site, long timeoutNs, boolean interruptible) {
        if (threaded != null) {
            return threaded.sleepOn(blocker, site, timeoutNs, interruptible);
        }
        if (!running) {
            throw new IllegalStateException("would sleep outside a run on " + blocker.describeWait());
        }
        Task self = checkedCurrent();
        if (interruptible && self.interruptPending) {
            return WaitResult.INTERRUPTED;
        }
        self.state = Task.State.BLOCKED;
        self.blockedOn = blocker;
        self.interruptibleWait = interruptible;
        self.wakeReason = WaitResult.DONE;
        runnable.remove(self);
        record(self, TraceKind.BLOCK, site, 0);
        Timer timeout = null;
        if (timeoutNs >= 0) {
            timeout = clock.arm(timeoutNs, site, () -> {
                if (self.state == Task.State.BLOCKED && self.blockedOn == blocker) {
                    self.wakeReason = WaitResult.TIMED_OUT;
                    makeRunnable(self);
                }
            });
        }
        switchAway(self);
        if (timeout != null) {
            timeout.cancel();
        }
        self.blockedOn = null;
        self.interruptibleWait = false;
        return self.wakeReason;
    }

    /** Sleeps for {@code delayNs} of virtual time. */
    public void sleepNs(long delayNs, Site site) {
        if (threaded != null) {
            threaded.sleepNs(delayNs, site);
            return;
        }
        Blocker sleeping = () -> "sleep until " + VirtualClock.formatNs(clock.nowNs() + delayNs);
        WaitResult result;
        long deadline = clock.nowNs() + delayNs;
        do {
            result = sleepOn(sleeping, site, deadline - clock.nowNs(), false);
        } while (result != WaitResult.TIMED_OUT && clock.nowNs() < deadline);
    }

    /** Makes a sleeping task runnable (its wait ends with {@link WaitResult#DONE}). The caller keeps the baton. */
    public void wake(Task task) {
        if (threaded != null) {
            threaded.wake(task);
            return;
        }
        if (task.state == Task.State.BLOCKED) {
            task.wakeReason = WaitResult.DONE;
            if (current != null) {
                record(current, TraceKind.WAKE, null, task.id());
            }
            makeRunnable(task);
        }
    }

    /** Sets the task's pending interrupt and ends an interruptible sleep with {@link WaitResult#INTERRUPTED}. */
    public void interrupt(Task task) {
        if (threaded != null) {
            threaded.interrupt(task);
            return;
        }
        task.interruptPending = true;
        if (task.state == Task.State.BLOCKED && task.interruptibleWait) {
            task.wakeReason = WaitResult.INTERRUPTED;
            makeRunnable(task);
        }
    }

    /** Ends the run with {@link RunOutcome.Stopped}; called from a task or a step listener. */
    public void stop(String reason) {
        if (threaded != null) {
            threaded.stop(reason);
            return;
        }
        if (!running || runEnded) {
            return;
        }
        endRunFromTask(checkedCurrent(), new RunOutcome.Stopped(reason));
    }

    // ---------------------------------------------------------------- time

    /** Current virtual time. */
    public long nowNs() {
        if (threaded != null) {
            return threaded.nowNs();
        }
        return clock.nowNs();
    }

    /** Arms a timer; its action runs with the baton held and must not sleep. */
    public Timer armTimer(long delayNs, Site site, Runnable action) {
        if (threaded != null) {
            return threaded.armTimer(delayNs, site, action);
        }
        return clock.arm(delayNs, site, action);
    }

    /** Cancels a pending timer; returns whether it was pending. */
    public boolean cancelTimer(Timer timer) {
        if (threaded != null) {
            return threaded.cancelTimer(timer);
        }
        return timer.cancel();
    }

    // ---------------------------------------------------------------- queries

    /** The task holding the baton, or null outside a run. */
    public Task current() {
        if (threaded != null) {
            return threaded.current();
        }
        return current;
    }

    /** Whether a run is in progress. */
    public boolean isRunning() {
        if (threaded != null) {
            return threaded.isRunning();
        }
        return running;
    }

    public Trace trace() {
        if (threaded != null) {
            return threaded.trace();
        }
        return trace;
    }

    /** Every task ever spawned, by id. */
    public List<Task> tasks() {
        if (threaded != null) {
            return threaded.tasks();
        }
        return List.copyOf(tasks);
    }

    public long steps() {
        if (threaded != null) {
            return threaded.steps();
        }
        return steps;
    }

    public long switches() {
        return switches;
    }

    // ---------------------------------------------------------------- internals

    private Task checkedCurrent() {
        checkAbort();
        Task self = current;
        if (self == null || self.thread() != Thread.currentThread()) {
            throw new IllegalStateException("model code ran without the baton on " + Thread.currentThread());
        }
        return self;
    }

    private void checkAbort() {
        if (aborting) {
            throw new SimulationAbort();
        }
    }

    private void record(Task task, TraceKind kind, Site site, long arg) {
        trace.add(task == null ? -1 : task.id(), kind, site, arg, clock.nowNs());
    }

    private void insertRunnable(Task task) {
        int index = runnable.size();
        while (index > 0 && runnable.get(index - 1).id() > task.id()) {
            index--;
        }
        runnable.add(index, task);
    }

    private void makeRunnable(Task task) {
        task.state = Task.State.RUNNABLE;
        insertRunnable(task);
    }

    /** The {@code k}-th runnable task other than {@code self}, in id order, wrapping. */
    private Task otherRunnable(Task self, int k) {
        int others = runnable.size() - 1;
        int target = k % others;
        for (Task task : runnable) {
            if (task != self) {
                if (target == 0) {
                    return task;
                }
                target--;
            }
        }
        throw new IllegalStateException("no other runnable task");
    }

    /**
     * Chooses who runs after {@code after} stopped running (blocked or ended), advancing the clock
     * through timers while nobody can run. Returns null when nobody can run and no timer is left.
     */
    private Task pickNext(Task after) {
        while (runnable.isEmpty()) {
            if (!clock.hasPendingTimers()) {
                return null;
            }
            if (clock.earliestDeadlineNs() > maxTimeNs) {
                return RUNAWAY_TIME;
            }
            long before = clock.nowNs();
            Timer timer = clock.popEarliest();
            if (clock.nowNs() != before) {
                record(after, TraceKind.CLOCK, SITE_CLOCK, clock.nowNs());
            }
            record(after, TraceKind.TIMER, timer.site(), 0);
            timer.run();
            // Everything due at this instant fires before anybody runs: tasks woken at the same
            // virtual time are runnable together, so the schedule can interleave them.
            while (clock.hasPendingTimers() && clock.earliestDeadlineNs() == clock.nowNs()) {
                Timer due = clock.popEarliest();
                record(after, TraceKind.TIMER, due.site(), 0);
                due.run();
            }
        }
        int count = runnable.size();
        if (count == 1) {
            return runnable.get(0);
        }
        int start = 0;
        if (after != null) {
            while (start < count && runnable.get(start).id() <= after.id()) {
                start++;
            }
        }
        int choice = schedule.next();
        return runnable.get((start + choice) % count);
    }

    /** Sentinel returned by {@link #pickNext} when the time budget is exhausted. */
    private static final Task RUNAWAY_TIME = new Task(-1, "<time budget>", () -> { }, null);

    private void switchAway(Task self) {
        Task next = pickNext(self);
        if (next == RUNAWAY_TIME) {
            endRunFromTask(self, new RunOutcome.Runaway("virtual time budget of "
                    + VirtualClock.formatNs(maxTimeNs) + " exhausted"));
            return;
        }
        if (next == null) {
            endRunFromTask(self, quiescentOutcome());
            return;
        }
        if (next == self) {
            return;
        }
        handoff(self, next);
    }

    private RunOutcome quiescentOutcome() {
        List<RunOutcome.BlockedTask> stuck = new ArrayList<>();
        for (Task task : tasks) {
            if (task.state == Task.State.BLOCKED && !task.blockedOn.isIdleWait()) {
                stuck.add(new RunOutcome.BlockedTask(task.name(), task.blockedOn.describeWait()));
            }
        }
        return stuck.isEmpty() ? new RunOutcome.Completed() : new RunOutcome.Deadlock(stuck);
    }

    private void handoff(Task from, Task to) {
        switches++;
        if (from != null && from.state != Task.State.DONE) {
            record(from, TraceKind.SWITCH, null, to.id());
        }
        current = to;
        if (from != null) {
            from.turn = false;
        }
        to.turn = true;
        resume(to);
        if (from != null && from.state != Task.State.DONE) {
            waitForTurn(from);
        }
    }

    /** Lets {@code task}'s thread run: starts it the first time, unparks it afterwards (no getState() on the hot path). */
    private void resume(Task task) {
        if (task.threadStarted) {
            LockSupport.unpark(task.thread());
        } else {
            task.threadStarted = true;
            task.thread().start();
        }
    }

    private void waitForTurn(Task task) {
        while (!task.turn) {
            LockSupport.park(this);
        }
        checkAbort();
    }

    private void endRunFromTask(Task self, RunOutcome ending) {
        boolean parks = self.state != Task.State.DONE;
        if (parks) {
            self.turn = false; // before the driver can see the end and hand out abort turns
        }
        endRun(ending);
        if (parks) {
            waitForTurn(self);
        }
    }

    private void endRun(RunOutcome ending) {
        if (runEnded) {
            return;
        }
        outcome = ending;
        runEnded = true;
        LockSupport.unpark(driver);
    }

    /** Wakes every parked task with an abort, one at a time, and joins its thread. */
    private void unwindAll() {
        aborting = true;
        for (Task task : tasks) {
            Thread thread = task.thread();
            if (task.threadStarted) {
                if (task.state != Task.State.DONE) {
                    task.turn = true;
                    LockSupport.unpark(thread);
                }
                joinBounded(task);
            }
            task.state = Task.State.DONE;
        }
        runnable.clear();
    }

    private void joinBounded(Task task) {
        try {
            if (!task.thread().join(UNWIND_TIMEOUT)) {
                throw new IllegalStateException("task " + task.name() + " did not unwind within " + UNWIND_TIMEOUT
                        + "; model code must not block outside the simulation");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unwinding task " + task.name(), interrupted);
        }
    }

    /** Number of runs started on this simulation. */
    public int runs() {
        if (threaded != null) {
            return threaded.runs();
        }
        return runs;
    }

    /**
     * Names of the tasks whose threads are still alive. Empty after every {@link #run()}: a test
     * and the fuzz campaign check that no thread outlives a run.
     */
    public List<String> liveTaskThreads() {
        if (threaded != null) {
            return threaded.liveTaskThreads();
        }
        List<String> alive = new ArrayList<>();
        for (Task task : tasks) {
            if (task.thread().isAlive()) {
                alive.add(task.name());
            }
        }
        return alive;
    }

    /** Number of timers currently armed. */
    public int pendingTimers() {
        if (threaded != null) {
            return threaded.pendingTimers();
        }
        return clock.pendingTimers();
    }
}
