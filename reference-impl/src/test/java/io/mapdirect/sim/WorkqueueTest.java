package io.mapdirect.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Workqueues, work and delayed work: the lease-break timer and deferred teardown run as work in the model. */
class WorkqueueTest {
    private static final Site STEP = Site.of("workqueue test step");

    @Test
    @DisplayName("queue_work twice before it runs = once: the second call returns false and the body runs once")
    void queueingTwiceRunsOnce() {
        Simulation sim = new Simulation();
        Workqueue wq = new Workqueue(sim, "events", 2);
        int[] runs = new int[1];
        Work work = new Work(wq, "w", () -> runs[0]++);
        List<Boolean> queued = new ArrayList<>();
        sim.spawn("P", () -> {
            queued.add(work.queue());
            queued.add(work.queue());
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(queued).containsExactly(true, false);
        assertThat(runs[0]).isEqualTo(1);
        assertThat(work.isPending()).isFalse();
    }

    @Test
    @DisplayName("flush_work waits for the queued instance to finish and says it waited")
    void flushWaitsForTheQueuedInstance() {
        Simulation sim = new Simulation();
        Workqueue wq = new Workqueue(sim, "events", 1);
        boolean[] finished = new boolean[1];
        Work work = new Work(wq, "w", () -> {
            sim.sleepNs(VirtualClock.NS_PER_MS, STEP);
            finished[0] = true;
        });
        List<Object> seen = new ArrayList<>();
        sim.spawn("P", () -> {
            work.queue();
            seen.add(work.flush());
            seen.add(finished[0]);
            seen.add(sim.nowNs());
            seen.add(work.flush()); // nothing queued or running: returns at once
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(seen).containsExactly(true, true, VirtualClock.NS_PER_MS, false);
    }

    @Test
    @DisplayName("cancel_work removes a queued instance before it runs; cancelling again returns false")
    void cancelRemovesAQueuedInstance() {
        Simulation sim = new Simulation();
        Workqueue wq = new Workqueue(sim, "events", 1);
        int[] runs = new int[1];
        Work work = new Work(wq, "w", () -> runs[0]++);
        List<Boolean> results = new ArrayList<>();
        sim.spawn("P", () -> {
            work.queue();
            results.add(work.cancel());
            results.add(work.cancel());
            results.add(work.flush());
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(results).containsExactly(true, false, false);
        assertThat(runs[0]).isZero();
        assertThat(wq.queued()).isZero();
    }

    @Test
    @DisplayName("cancel_work_sync waits for a running instance to finish")
    void cancelSyncWaitsForTheRunningInstance() {
        Simulation sim = new Simulation();
        Workqueue wq = new Workqueue(sim, "events", 1);
        boolean[] finished = new boolean[1];
        Work work = new Work(wq, "w", () -> {
            sim.sleepNs(100, STEP);
            finished[0] = true;
        });
        boolean[] finishedWhenCancelReturned = new boolean[1];
        sim.spawn("P", () -> {
            work.queue();
            sim.sleepNs(10, STEP); // the worker starts the item and sleeps in it
            work.cancelSync();
            finishedWhenCancelReturned[0] = finished[0];
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(finishedWhenCancelReturned[0]).isTrue();
    }

    @Test
    @DisplayName("regression: cancelling a re-queued instance must not end a flush of the instance still running")
    void cancellingTheNextInstanceDoesNotEndAFlushOfTheRunningOne() {
        Simulation sim = new Simulation();
        Workqueue wq = new Workqueue(sim, "events", 2);
        int[] completed = new int[1];
        Work work = new Work(wq, "w", () -> {
            sim.sleepNs(VirtualClock.NS_PER_MS, STEP);
            completed[0]++;
        });
        List<Object> seen = new ArrayList<>();
        sim.spawn("P", () -> {
            work.queue();
            sim.sleepNs(10, STEP);           // instance 1 is running (asleep in its body)
            seen.add(work.queue());          // instance 2 queued behind it
            seen.add(work.cancel());         // ... and cancelled
            seen.add(work.flush());          // must still wait for instance 1
            seen.add(completed[0]);
            seen.add(work.isRunning());
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(seen).containsExactly(true, true, true, 1, false);
        assertThat(completed[0]).isEqualTo(1);
    }

    @Test
    @DisplayName("a flush whose queued instance is cancelled returns at once, even if a later instance has started meanwhile")
    void flushDoesNotWaitForAnInstanceQueuedAfterIt() {
        Simulation sim = new Simulation();
        Workqueue wq = new Workqueue(sim, "events", 1);
        Work work = new Work(wq, "w", () -> sim.sleepNs(100, STEP));
        long[] flushReturnedAt = {-1};
        boolean[] waited = new boolean[1];
        sim.spawn("flusher", () -> {
            work.queue();                    // instance 1, queued; the worker has not run yet
            waited[0] = work.flush();        // waits for instance 1
            flushReturnedAt[0] = sim.nowNs();
        });
        sim.spawn("canceller", () -> {
            work.cancel();                   // instance 1 cancelled: the flusher is woken ...
            work.queue();                    // ... but instance 2 is queued
            sim.sleepNs(10, STEP);           // ... and starts on the worker before the flusher runs
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(waited[0]).isTrue();
        assertThat(flushReturnedAt[0]).as("returned without waiting for instance 2").isZero();
        assertThat(sim.nowNs()).isEqualTo(100);
    }

    @Test
    @DisplayName("non-reentrant: an instance queued while the previous one runs waits for it, even with an idle worker free")
    void workNeverRunsOnTwoWorkersAtOnce() {
        Simulation sim = new Simulation();
        Workqueue wq = new Workqueue(sim, "events", 4);
        int[] running = new int[1];
        int[] maxRunning = new int[1];
        int[] runs = new int[1];
        Work work = new Work(wq, "w", () -> {
            running[0]++;
            maxRunning[0] = Math.max(maxRunning[0], running[0]);
            sim.sleepNs(100, STEP);
            running[0]--;
            runs[0]++;
        });
        Work other = new Work(wq, "other", () -> sim.sleepNs(1, STEP));
        sim.spawn("P", () -> {
            other.queue();                   // two workers exist ...
            work.queue();
            sim.sleepNs(10, STEP);           // ... "other" is done, its worker idle, "w" runs
            work.queue();
            work.flush();
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(runs[0]).isEqualTo(2);
        assertThat(maxRunning[0]).isEqualTo(1);
        assertThat(sim.nowNs()).isEqualTo(200);
    }

    @Test
    @DisplayName("two items queued back to back run on two workers concurrently")
    void separateItemsRunConcurrently() {
        Simulation sim = new Simulation();
        Workqueue wq = new Workqueue(sim, "events", 2);
        Work first = new Work(wq, "a", () -> sim.sleepNs(100, STEP));
        Work second = new Work(wq, "b", () -> sim.sleepNs(100, STEP));
        sim.spawn("P", () -> {
            first.queue();
            second.queue();
            first.flush();
            second.flush();
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(sim.nowNs()).isEqualTo(100);
        assertThat(sim.tasks()).extracting(Task::name).containsExactly("P", "events/0", "events/1");
    }

    @Test
    @DisplayName("delayed work runs when the virtual clock reaches its timer")
    void delayedWorkRunsAtItsDeadline() {
        Simulation sim = new Simulation();
        Workqueue wq = new Workqueue(sim, "events", 1);
        long[] ranAt = {-1};
        DelayedWork work = new DelayedWork(wq, "lease break", () -> ranAt[0] = sim.nowNs());
        List<Boolean> scheduled = new ArrayList<>();
        sim.spawn("P", () -> {
            scheduled.add(work.schedule(45 * VirtualClock.NS_PER_SEC));
            scheduled.add(work.schedule(VirtualClock.NS_PER_SEC)); // already pending
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(scheduled).containsExactly(true, false);
        assertThat(ranAt[0]).isEqualTo(45 * VirtualClock.NS_PER_SEC);
    }

    @Test
    @DisplayName("flush_delayed_work runs a pending timer's work now and waits for it")
    void flushDelayedWorkRunsThePendingTimerNow() {
        Simulation sim = new Simulation();
        Workqueue wq = new Workqueue(sim, "events", 1);
        long[] ranAt = {-1};
        DelayedWork work = new DelayedWork(wq, "lease break", () -> ranAt[0] = sim.nowNs());
        List<Object> seen = new ArrayList<>();
        sim.spawn("P", () -> {
            work.schedule(45 * VirtualClock.NS_PER_SEC);
            seen.add(work.isTimerPending());
            seen.add(work.flush());
            seen.add(ranAt[0]);
            seen.add(work.isTimerPending());
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(seen).containsExactly(true, true, 0L, false);
        assertThat(sim.nowNs()).as("the 45 s timer never fired").isZero();
    }

    @Test
    @DisplayName("cancel_delayed_work disarms the timer: the work never runs and time does not move")
    void cancelDelayedWorkDisarmsTheTimer() {
        Simulation sim = new Simulation();
        Workqueue wq = new Workqueue(sim, "events", 1);
        int[] runs = new int[1];
        DelayedWork work = new DelayedWork(wq, "d", () -> runs[0]++);
        List<Object> seen = new ArrayList<>();
        sim.spawn("P", () -> {
            work.schedule(VirtualClock.NS_PER_SEC);
            seen.add(work.timerDeadlineNs());
            seen.add(work.cancel());
            seen.add(work.cancel());
            seen.add(work.timerDeadlineNs());
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(seen).containsExactly(VirtualClock.NS_PER_SEC, true, false, -1L);
        assertThat(runs[0]).isZero();
        assertThat(sim.nowNs()).isZero();
        assertThat(sim.pendingTimers()).isZero();
    }

    @Test
    @DisplayName("idle workers do not make a quiescent run a deadlock, but a flush of work stuck on a lock does")
    void idleWorkersAreNotADeadlockButAStuckFlushIs() {
        Simulation sim = new Simulation();
        Workqueue wq = new Workqueue(sim, "events", 1);
        Work idleMaker = new Work(wq, "quick", () -> { });
        sim.spawn("P", idleMaker::queue);
        assertThat(sim.run().completed()).isTrue();

        Simulation stuck = new Simulation();
        Workqueue events = new Workqueue(stuck, "events", 1);
        SimMutex lock = new SimMutex(stuck, "i_mmap_lock");
        Work needsLock = new Work(events, "teardown", () -> {
            lock.lock();
            lock.unlock();
        });
        stuck.spawn("P", () -> {
            lock.lock();
            needsLock.queue();
            needsLock.flush(); // flush_work() under the lock the work needs
            lock.unlock();
        });
        RunResult result = stuck.run();
        assertThat(result.outcome()).isInstanceOfSatisfying(RunOutcome.Deadlock.class, deadlock ->
                assertThat(deadlock.blocked()).containsExactly(
                        new RunOutcome.BlockedTask("P", "wait queue events completions"),
                        new RunOutcome.BlockedTask("events/0", "mutex i_mmap_lock held by P")));
    }
}
