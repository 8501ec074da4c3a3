package io.mapdirect.sim;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The deterministic scheduler (the default {@link Scheduler} of a {@link Simulation}): tasks on
 * virtual threads, exactly one of which holds the baton at a time, a virtual clock, a trace and a
 * {@link Schedule} of choices consumed at real decision points.
 *
 * <p>Determinism rests on three rules. A task runs only while it holds the baton and gives it up
 * only inside this class ({@link #yieldPoint}, {@link #sleepOn}, task end), so no
 * {@code java.util.concurrent} lock or {@code synchronized} block in model code ever blocks for
 * real. Choices are consumed only when more than one task could run. Time moves only when no task
 * can run, straight to the earliest timer.
 *
 * <p>After a run every task still parked is woken with a {@link SimulationAbort}, one at a time,
 * and joined: no thread outlives a run. Outside a run yield points are no-ops and sleeping is an
 * error.
 */
final class DeterministicScheduler implements Scheduler {
    private static final Site SITE_CLOCK = Site.of("clock");
    private static final Duration UNWIND_TIMEOUT = Duration.ofSeconds(30);

    private final Simulation owner;
    private final VirtualClock clock = new VirtualClock();
    private final TaskTable table = new TaskTable();
    private final List<Task> tasks = table.all();
    private final RunQueue runnable = new RunQueue();
    private final long maxSteps;
    private final long maxTimeNs;
    private final Trace trace = table.trace();
    private StepListener listener;
    private Task current;
    private boolean running;
    private volatile boolean aborting;
    private volatile boolean runEnded;
    private RunOutcome outcome;
    private Thread driver;
    private long steps;
    private long switches;

    /** {@code owner} is the simulation handed to the step listener. */
    DeterministicScheduler(Simulation owner, long maxSteps, long maxTimeNs) {
        this.owner = owner;
        this.maxSteps = maxSteps;
        this.maxTimeNs = maxTimeNs;
    }

    /** Nothing to lock: the baton already excludes everybody else. */
    @Override
    public void lockBookkeeping() {
    }

    @Override
    public void unlockBookkeeping() {
    }

    @Override
    public void setSchedule(Schedule schedule) {
        table.setSchedule(schedule);
    }

    @Override
    public Schedule schedule() {
        return table.schedule();
    }

    @Override
    public void setStepListener(StepListener listener) {
        this.listener = listener;
    }

    @Override
    public Task spawn(String name, Runnable body) {
        Task task = table.spawn(name, body, Thread.ofVirtual().name("sim-" + name), this::taskMain);
        runnable.add(task);
        return task;
    }

    // ---------------------------------------------------------------- running

    @Override
    public RunResult run() {
        table.startRun(running);
        running = true;
        aborting = false;
        runEnded = false;
        outcome = null;
        driver = Thread.currentThread();
        startFirstTask();
        while (!runEnded) {
            LockSupport.park(this);
        }
        unwindAll();
        running = false;
        current = null;
        return new RunResult(outcome, trace, steps, switches, table.schedule().decisions(), clock.nowNs());
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
            endRun(TaskThreads.quiescentOutcome(tasks));
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

    @Override
    public void yieldPoint(Site site) {
        if (!running) {
            return;
        }
        Task self = checkedCurrent();
        steps++;
        record(self, TraceKind.YIELD, site, 0);
        if (listener != null) {
            listener.afterStep(owner, self, site);
            checkAbort();
        }
        if (steps > maxSteps) {
            endRunFromTask(self, new RunOutcome.Runaway("step budget of " + maxSteps + " steps exhausted at " + site));
        }
        if (runnable.size() > 1) {
            int choice = table.schedule().atYield(runnable, self, trace.size());
            if (choice != 0) {
                Task next = runnable.otherThan(self, choice - 1);
                handoff(self, next);
            }
        }
    }

    @Override
    public void event(Site site, long arg) {
        if (running && current != null) {
            record(current, TraceKind.EVENT, site, arg);
        }
    }

    @Override
    public WaitResult sleepOn(Blocker blocker, Site site, long timeoutNs, boolean interruptible) {
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

    @Override
    public void sleepNs(long delayNs, Site site) {
        Blocker sleeping = () -> "sleep until " + VirtualClock.formatNs(clock.nowNs() + delayNs);
        WaitResult result;
        long deadline = clock.nowNs() + delayNs;
        do {
            result = sleepOn(sleeping, site, deadline - clock.nowNs(), false);
        } while (result != WaitResult.TIMED_OUT && clock.nowNs() < deadline);
    }

    @Override
    public void wake(Task task) {
        if (task.state == Task.State.BLOCKED) {
            task.wakeReason = WaitResult.DONE;
            if (current != null) {
                record(current, TraceKind.WAKE, null, task.id());
            }
            makeRunnable(task);
        }
    }

    @Override
    public void interrupt(Task task) {
        task.interruptPending = true;
        if (task.state == Task.State.BLOCKED && task.interruptibleWait) {
            task.wakeReason = WaitResult.INTERRUPTED;
            makeRunnable(task);
        }
    }

    @Override
    public void stop(String reason) {
        if (!running || runEnded) {
            return;
        }
        endRunFromTask(checkedCurrent(), new RunOutcome.Stopped(reason));
    }

    // ---------------------------------------------------------------- time

    @Override
    public long nowNs() {
        return clock.nowNs();
    }

    @Override
    public Timer armTimer(long delayNs, Site site, Runnable action) {
        return clock.arm(delayNs, site, action);
    }

    @Override
    public boolean cancelTimer(Timer timer) {
        return timer.cancel();
    }

    // ---------------------------------------------------------------- queries

    @Override
    public Task current() {
        return current;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public Trace trace() {
        return trace;
    }

    @Override
    public List<Task> tasks() {
        return table.copy();
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
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

    private void makeRunnable(Task task) {
        task.state = Task.State.RUNNABLE;
        runnable.add(task);
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
        if (runnable.size() == 1) {
            return runnable.only();
        }
        return runnable.after(after, table.schedule().afterStop(runnable, after, trace.size()));
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
            endRunFromTask(self, TaskThreads.quiescentOutcome(tasks));
            return;
        }
        if (next == self) {
            return;
        }
        handoff(self, next);
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

    @Override
    public int runs() {
        return table.runs();
    }

    @Override
    public List<String> liveTaskThreads() {
        return TaskThreads.liveNames(tasks);
    }

    @Override
    public int pendingTimers() {
        return clock.pendingTimers();
    }
}
