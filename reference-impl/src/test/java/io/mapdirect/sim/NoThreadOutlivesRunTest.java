package io.mapdirect.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * No thread, virtual or not, outlives a run, whatever ended it. Each world leaves tasks
 * in every state when the run ends: blocked on a mutex, on a wait queue and in a sleep, runnable
 * but preempted, idle kernel workers, and a task spawned mid-run that never started. The threads
 * are captured from inside the tasks, so the check cannot pass vacuously.
 */
class NoThreadOutlivesRunTest {
    private static final Site STEP = Site.of("no-thread test step");

    /** A busy world; {@code ender} is the body of the task that ends the run (or not). */
    private static final class World {
        final Simulation sim;
        final List<Thread> threadsSeen = new ArrayList<>();

        World(long maxSteps, Consumer<Simulation> ender) {
            sim = new Simulation(maxSteps, 10 * VirtualClock.NS_PER_SEC);
            int[] roundRobin = new int[200];
            java.util.Arrays.fill(roundRobin, 1); // switch at every decision: every task starts early
            sim.setSchedule(Schedule.of(roundRobin));
            SimMutex mutex = new SimMutex(sim, "m");
            WaitQueue queue = new WaitQueue(sim, "q");
            Workqueue wq = new Workqueue(sim, "events", 2);
            Work work = new Work(wq, "w", () -> record());
            sim.spawn("holder", () -> {                 // ends blocked on a wait queue, holding m
                record();
                mutex.lock();
                work.queue();
                queue.waitEvent(() -> false, VirtualClock.NS_PER_SEC, false);
                mutex.unlock();
            });
            sim.spawn("contender", () -> {              // ends blocked on the mutex
                record();
                mutex.lock();
                mutex.unlock();
            });
            sim.spawn("sleeper", () -> {                // ends in a sleep
                record();
                sim.sleepNs(VirtualClock.NS_PER_MS, STEP);
            });
            sim.spawn("spinner", () -> {                // ends runnable but preempted
                record();
                for (int i = 0; i < 20; i++) {
                    sim.yieldPoint(STEP);
                }
            });
            sim.spawn("ender", () -> {
                record();
                for (int i = 0; i < 5; i++) {
                    sim.yieldPoint(STEP);
                }
                sim.spawn("late", this::record);         // never starts when the run ends here
                ender.accept(sim);
            });
        }

        void record() {
            threadsSeen.add(Thread.currentThread());
        }

        RunResult runAndCheck() {
            RunResult result = sim.run();
            assertThat(threadsSeen).as("threads that ran").hasSizeGreaterThanOrEqualTo(5);
            assertThat(threadsSeen).allSatisfy(thread -> {
                assertThat(thread.isVirtual()).isTrue();
                assertThat(thread.isAlive()).as(thread.getName()).isFalse();
            });
            assertThat(sim.liveTaskThreads()).isEmpty();
            assertThat(sim.tasks()).allSatisfy(task -> {
                assertThat(task.state()).as(task.name()).isEqualTo(Task.State.DONE);
                assertThat(task.thread().isAlive()).as(task.name()).isFalse();
            });
            assertThat(sim.isRunning()).isFalse();
            return result;
        }
    }

    @Test
    @DisplayName("completed run (idle kernel workers unwound)")
    void completed() {
        RunResult result = new World(1_000_000, sim -> { }).runAndCheck();
        assertThat(result.outcome()).isInstanceOf(RunOutcome.Completed.class);
    }

    @Test
    @DisplayName("deadlocked run")
    void deadlock() {
        RunResult result = new World(1_000_000, sim -> new WaitQueue(sim, "never").waitEvent(() -> false)).runAndCheck();
        assertThat(result.outcome()).isInstanceOf(RunOutcome.Deadlock.class);
    }

    @Test
    @DisplayName("runaway run (step budget)")
    void runaway() {
        RunResult result = new World(25, sim -> { }).runAndCheck();
        assertThat(result.outcome()).isInstanceOf(RunOutcome.Runaway.class);
    }

    @Test
    @DisplayName("runaway run (virtual time budget)")
    void runawayTime() {
        RunResult result = new World(1_000_000, sim -> {
            while (true) {
                sim.sleepNs(VirtualClock.NS_PER_SEC, STEP);
            }
        }).runAndCheck();
        assertThat(result.outcome()).isInstanceOfSatisfying(RunOutcome.Runaway.class,
                runaway -> assertThat(runaway.why()).contains("virtual time budget"));
    }

    @Test
    @DisplayName("crashed run (a task throws)")
    void crash() {
        RunResult result = new World(1_000_000, sim -> {
            throw new IllegalStateException("oops in ender");
        }).runAndCheck();
        assertThat(result.outcome()).isInstanceOfSatisfying(RunOutcome.Crashed.class,
                crash -> assertThat(crash.task()).isEqualTo("ender"));
    }

    @Test
    @DisplayName("stopped run (a checker calls stop)")
    void stopped() {
        RunResult result = new World(1_000_000, sim -> sim.stop("invariant broken")).runAndCheck();
        assertThat(result.outcome()).isEqualTo(new RunOutcome.Stopped("invariant broken"));
    }

    @Test
    @DisplayName("a model catch (Exception) block cannot swallow the unwinding abort")
    void catchingExceptionDoesNotSwallowTheAbort() {
        World world = new World(1_000_000, sim -> {
            try {
                new WaitQueue(sim, "never").waitEvent(() -> false);
            } catch (Exception swallowed) {
                sim.yieldPoint(STEP);
            }
        });
        assertThat(world.runAndCheck().outcome()).isInstanceOf(RunOutcome.Deadlock.class);
    }

    @Test
    @DisplayName("regression: a run whose only pending timer lies beyond the time budget ends as a runaway, not a crash of the driver")
    void timerBeyondTheBudgetAtRunStart() {
        Simulation sim = new Simulation(1_000, VirtualClock.NS_PER_SEC);
        sim.armTimer(2 * VirtualClock.NS_PER_SEC, STEP, () -> { });
        RunResult result = sim.run();
        assertThat(result.outcome()).isInstanceOfSatisfying(RunOutcome.Runaway.class,
                runaway -> assertThat(runaway.why()).contains("virtual time budget"));
        assertThat(sim.isRunning()).isFalse();
    }

    @Test
    @DisplayName("regression: a timer that throws before any task runs ends the run as a crash and leaves the simulation usable")
    void timerThrowingAtRunStart() {
        Simulation sim = new Simulation();
        sim.armTimer(5, STEP, () -> {
            throw new IllegalStateException("bad timer");
        });
        RunResult result = sim.run();
        assertThat(result.outcome()).isInstanceOfSatisfying(RunOutcome.Crashed.class,
                crash -> assertThat(crash.task()).isEqualTo("<timer>"));
        assertThat(sim.isRunning()).isFalse();
        sim.spawn("after", () -> sim.yieldPoint(STEP));
        assertThat(sim.run().completed()).isTrue();
    }
}
