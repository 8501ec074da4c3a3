package io.mapdirect.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The real-thread stress mode of a {@link Simulation} ({@link Simulation#threaded}): every task runs on
 * its own platform thread, all at once, with no baton. One reentrant lock, the scheduler lock, guards only
 * the bookkeeping of the simulation primitives (task states, timers, the clock, mutex and rw-semaphore
 * owners and waiters, wait queues, work items), which take it around their critical sections
 * ({@link #lockBookkeeping}); a {@link SimSpinLock} is this lock too. Model code between those
 * sections runs truly concurrently, so an unguarded shared structure of the model breaks for real.
 *
 * <p>Virtual time moves only when every task is blocked: the last task to block (or end) fires the earliest
 * timers. The run ends {@link RunOutcome.Completed} when every task is done (or idle) and no timer is left,
 * {@link RunOutcome.Deadlock} when every task sleeps with no timer left, {@link RunOutcome.Crashed} when a task
 * throws, {@link RunOutcome.Runaway} when a budget runs out, the virtual ones or the wall-clock limit (a hang:
 * a task that neither blocks nor ends, for instance one stuck in a lost wake-up or a real Java lock). The
 * trace records only task starts and ends; yield points count steps and, drawn from a seeded random per
 * task, sometimes yield the processor to shake interleavings.
 */
final class ThreadedScheduler implements Scheduler {
    private static final Duration UNWIND_TIMEOUT = Duration.ofSeconds(10);

    private final VirtualClock clock = new VirtualClock();
    private final long maxSteps;
    private final long maxTimeNs;
    private final Duration wallClockLimit;
    private final long seed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TaskTable table = new TaskTable();
    private final List<Task> tasks = table.all();
    private final ThreadLocal<Task> currentTask = new ThreadLocal<>();
    private final ThreadLocal<SplittableRandom> perturbation = new ThreadLocal<>();
    private final AtomicLong steps = new AtomicLong();
    private final Trace trace = table.trace();
    private int active;
    private volatile boolean running;
    private volatile boolean aborting;
    private boolean ended;
    private RunOutcome outcome;

    ThreadedScheduler(long maxSteps, long maxTimeNs, Duration wallClockLimit, long seed) {
        this.maxSteps = maxSteps;
        this.maxTimeNs = maxTimeNs;
        this.wallClockLimit = wallClockLimit;
        this.seed = seed;
    }

    @Override
    public void lockBookkeeping() {
        lock.lock();
    }

    @Override
    public void unlockBookkeeping() {
        lock.unlock();
    }

    /** Kept for {@link #schedule()} only: a threaded run makes no choices. */
    @Override
    public void setSchedule(Schedule schedule) {
        table.setSchedule(schedule);
    }

    @Override
    public Schedule schedule() {
        return table.schedule();
    }

    /** Ignored: the threaded mode has no steps to stop at. */
    @Override
    public void setStepListener(StepListener listener) {
    }

    @Override
    public Task spawn(String name, Runnable body) {
        lock.lock();
        try {
            Task task = table.spawn(name, body, Thread.ofPlatform().daemon().name("sim-threaded-" + name), this::taskMain);
            if (running) {
                start(task);
            }
            return task;
        } finally {
            lock.unlock();
        }
    }

    private void start(Task task) {
        active++;
        task.threadStarted = true;
        task.thread().start();
    }

    @Override
    public RunResult run() {
        lock.lock();
        try {
            table.startRun(running);
            running = true;
            aborting = false;
            ended = false;
            outcome = null;
            for (Task task : table.copy()) {
                if (task.state == Task.State.RUNNABLE && !task.threadStarted) {
                    start(task);
                }
            }
            maybeAdvance();
            awaitEnd();
        } finally {
            lock.unlock();
        }
        unwindAll();
        running = false;
        return new RunResult(outcome, trace, steps.get(), 0, 0, nowNs());
    }

    /** The driver's bounded wait for the end of the run; called with the lock held. */
    private void awaitEnd() {
        long leftNs = wallClockLimit.toNanos();
        long deadline = System.nanoTime() + leftNs;
        while (!ended) {
            if (leftNs <= 0) {
                end(new RunOutcome.Runaway("wall-clock limit of " + wallClockLimit.toMillis() + " ms exhausted (a hang);"
                        + " not blocked: " + describeActive()));
                return;
            }
            try {
                changed.awaitNanos(leftNs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                end(new RunOutcome.Stopped("the driver was interrupted"));
                return;
            }
            leftNs = deadline - System.nanoTime();
        }
    }

    private String describeActive() {
        List<String> names = new ArrayList<>();
        for (Task task : tasks) {
            if (task.state == Task.State.RUNNABLE && task.threadStarted) {
                names.add(task.name());
            }
        }
        return names.toString();
    }

    private void taskMain(Task task) {
        currentTask.set(task);
        perturbation.set(new SplittableRandom(seed * 31 + task.id()));
        Throwable failure = null;
        try {
            task.started = true;
            task.body().run();
        } catch (SimulationAbort abort) {
            // the run ended; unwind quietly
        } catch (Throwable error) {
            failure = error;
        }
        lock.lock();
        try {
            if (task.state == Task.State.RUNNABLE) {
                active--;
            }
            task.state = Task.State.DONE;
            if (failure != null && !aborting) {
                end(new RunOutcome.Crashed(task.name(), failure));
            } else {
                maybeAdvance();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Counts a step and sometimes yields the processor; {@code site} is not recorded. */
    @Override
    public void yieldPoint(Site site) {
        if (!running) {
            return;
        }
        checkAbort();
        if (steps.incrementAndGet() > maxSteps) {
            lock.lock();
            try {
                end(new RunOutcome.Runaway("step budget of " + maxSteps + " steps exhausted"));
            } finally {
                lock.unlock();
            }
            throw new SimulationAbort();
        }
        SplittableRandom random = perturbation.get();
        if (random != null && random.nextInt(8) == 0) {
            Thread.yield();
        }
    }

    @Override
    public WaitResult sleepOn(Blocker blocker, Site site, long timeoutNs, boolean interruptible) {
        lock.lock();
        try {
            if (!running) {
                throw new IllegalStateException("would sleep outside a run on " + blocker.describeWait());
            }
            checkAbort();
            Task self = currentTask.get();
            if (self == null) {
                throw new IllegalStateException("sleep on " + blocker.describeWait() + " outside a task");
            }
            if (interruptible && self.interruptPending) {
                return WaitResult.INTERRUPTED;
            }
            self.state = Task.State.BLOCKED;
            self.blockedOn = blocker;
            self.interruptibleWait = interruptible;
            self.wakeReason = WaitResult.DONE;
            active--;
            Timer timeout = timeoutNs < 0 ? null : clock.arm(timeoutNs, site, () -> {
                if (self.state == Task.State.BLOCKED && self.blockedOn == blocker) {
                    self.wakeReason = WaitResult.TIMED_OUT;
                    makeRunnable(self);
                }
            });
            maybeAdvance();
            while (self.state == Task.State.BLOCKED && !aborting) {
                changed.awaitUninterruptibly();
            }
            checkAbort();
            if (timeout != null) {
                timeout.cancel();
            }
            self.blockedOn = null;
            self.interruptibleWait = false;
            return self.wakeReason;
        } finally {
            lock.unlock();
        }
    }

    /** Records nothing: the threaded trace holds only task starts and ends. */
    @Override
    public void event(Site site, long arg) {
    }

    @Override
    public void sleepNs(long delayNs, Site site) {
        Blocker sleeping = () -> "sleep of " + VirtualClock.formatNs(delayNs);
        long deadline = nowNs() + delayNs;
        WaitResult result;
        do {
            result = sleepOn(sleeping, site, deadline - nowNs(), false);
        } while (result != WaitResult.TIMED_OUT && nowNs() < deadline);
    }

    @Override
    public void wake(Task task) {
        lock.lock();
        try {
            if (task.state == Task.State.BLOCKED) {
                task.wakeReason = WaitResult.DONE;
                makeRunnable(task);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void interrupt(Task task) {
        lock.lock();
        try {
            task.interruptPending = true;
            if (task.state == Task.State.BLOCKED && task.interruptibleWait) {
                task.wakeReason = WaitResult.INTERRUPTED;
                makeRunnable(task);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop(String reason) {
        lock.lock();
        try {
            end(new RunOutcome.Stopped(reason));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long nowNs() {
        lock.lock();
        try {
            return clock.nowNs();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Timer armTimer(long delayNs, Site site, Runnable action) {
        lock.lock();
        try {
            return clock.arm(delayNs, site, action);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean cancelTimer(Timer timer) {
        lock.lock();
        try {
            return timer.cancel();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int pendingTimers() {
        lock.lock();
        try {
            return clock.pendingTimers();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Task current() {
        return currentTask.get();
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
        lock.lock();
        try {
            return table.copy();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long steps() {
        return steps.get();
    }

    /** Always 0: threads are switched by the operating system, uncounted. */
    @Override
    public long switches() {
        return 0;
    }

    @Override
    public int runs() {
        return table.runs();
    }

    @Override
    public List<String> liveTaskThreads() {
        return TaskThreads.liveNames(tasks());
    }

    private void makeRunnable(Task task) {
        task.state = Task.State.RUNNABLE;
        active++;
        changed.signalAll();
    }

    /**
     * When no task can run: fires the earliest timers (everything due at that instant), or ends the run
     * (completed, deadlock, time budget). Called with the lock held.
     */
    private void maybeAdvance() {
        while (active == 0 && !ended) {
            if (!clock.hasPendingTimers()) {
                end(TaskThreads.quiescentOutcome(tasks));
                return;
            }
            if (clock.earliestDeadlineNs() > maxTimeNs) {
                end(new RunOutcome.Runaway("virtual time budget of " + VirtualClock.formatNs(maxTimeNs) + " exhausted"));
                return;
            }
            clock.popEarliest().run();
            while (clock.hasPendingTimers() && clock.earliestDeadlineNs() == clock.nowNs()) {
                clock.popEarliest().run();
            }
        }
    }

    /** Ends the run (the first ending wins) and tells every task to unwind. Called with the lock held. */
    private void end(RunOutcome ending) {
        if (ended) {
            return;
        }
        outcome = ending;
        ended = true;
        aborting = true;
        changed.signalAll();
    }

    private void checkAbort() {
        if (aborting) {
            throw new SimulationAbort();
        }
    }

    /** Wakes every blocked task with an abort and joins every thread, each for at most ten seconds. */
    private void unwindAll() {
        lock.lock();
        try {
            aborting = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        List<String> stuck = new ArrayList<>();
        for (Task task : tasks()) {
            if (task.threadStarted && !join(task.thread())) {
                stuck.add(task.name());
            }
        }
        lock.lock();
        try {
            for (Task task : tasks) {
                if (task.state != Task.State.DONE && !task.thread().isAlive()) {
                    task.state = Task.State.DONE;
                }
            }
            if (!stuck.isEmpty() && !(outcome instanceof RunOutcome.Runaway)) {
                outcome = new RunOutcome.Runaway("tasks " + stuck + " did not unwind within " + UNWIND_TIMEOUT.toSeconds()
                        + " s after the run ended as: " + outcome.describe());
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean join(Thread thread) {
        try {
            return thread.join(UNWIND_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "threaded scheduler (" + TimeUnit.NANOSECONDS.toMillis(wallClockLimit.toNanos()) + " ms limit)";
    }
}
