package io.mapdirect.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Deadlock detection: every task blocked and no timer pending ends the run with a report naming
 * each blocked task and what it waits on (the lock-order inversions the seed thread worries
 * about between the lease, i_rwsem and mmap_lock).
 */
class DeadlockDetectionTest {
    private static final Site STEP = Site.of("deadlock test step");

    /** T1 takes A then B; T2 takes B then A. */
    private static Simulation abBa(Schedule schedule) {
        Simulation sim = new Simulation();
        sim.setSchedule(schedule);
        SimMutex a = new SimMutex(sim, "A");
        SimMutex b = new SimMutex(sim, "B");
        sim.spawn("T1", () -> {
            a.lock();
            b.lock();
            b.unlock();
            a.unlock();
        });
        sim.spawn("T2", () -> {
            b.lock();
            a.lock();
            a.unlock();
            b.unlock();
        });
        return sim;
    }

    @Test
    @DisplayName("AB/BA lock-order inversion forced by a schedule ends as a Deadlock naming both tasks and what each waits on")
    void abBaInversionForcedByTheScheduleIsADeadlock() {
        // Decisions: pick T1 first (0); T1 at "lock A" keeps running (0); T1 at "lock B" switches to T2 (1).
        RunResult result = abBa(Schedule.of(0, 0, 1)).run();
        assertThat(result.outcome()).isEqualTo(new RunOutcome.Deadlock(List.of(
                new RunOutcome.BlockedTask("T1", "mutex B held by T2"),
                new RunOutcome.BlockedTask("T2", "mutex A held by T1"))));
        assertThat(result.outcome().describe()).isEqualTo("""
                deadlock: every task sleeps and no timer is pending
                  T1 waits on mutex B held by T2
                  T2 waits on mutex A held by T1""");
        assertThat(result.trace().render()).isEqualTo("""
                     0 t=0.000000000s T1       START  0
                     1 t=0.000000000s T1       YIELD  lock A 0
                     2 t=0.000000000s T1       YIELD  lock B 0
                     3 t=0.000000000s T1       SWITCH -> T2
                     4 t=0.000000000s T2       START  0
                     5 t=0.000000000s T2       YIELD  lock B 0
                     6 t=0.000000000s T2       YIELD  lock A 0
                     7 t=0.000000000s T2       BLOCK  lock A 0
                     8 t=0.000000000s T2       SWITCH -> T1
                     9 t=0.000000000s T1       BLOCK  lock B 0
                """);
    }

    @Test
    @DisplayName("the same program under the default schedule (no preemption) completes: the schedule made the deadlock")
    void withoutThePreemptionTheSameProgramCompletes() {
        assertThat(abBa(Schedule.none()).run().completed()).isTrue();
        assertThat(abBa(Schedule.of(0, 0, 0, 1)).run().completed()).isTrue();
    }

    @Test
    @DisplayName("a pending timer is not a deadlock: a sleeper that will wake the waiter keeps the run going")
    void aPendingTimerIsNotADeadlock() {
        Simulation sim = new Simulation();
        WaitQueue queue = new WaitQueue(sim, "q");
        boolean[] done = new boolean[1];
        sim.spawn("waiter", () -> queue.waitEvent(() -> done[0]));
        sim.spawn("waker", () -> {
            sim.sleepNs(VirtualClock.NS_PER_SEC, STEP);
            done[0] = true;
            queue.wakeUpAll();
        });
        RunResult result = sim.run();
        assertThat(result.completed()).isTrue();
        assertThat(result.endTimeNs()).isEqualTo(VirtualClock.NS_PER_SEC);
    }

    @Test
    @DisplayName("finished tasks are not named: only the ones still blocked are")
    void onlyBlockedTasksAreNamed() {
        Simulation sim = new Simulation();
        SimMutex lock = new SimMutex(sim, "i_rwsem");
        sim.spawn("leaker", lock::lock); // ends holding the lock
        sim.spawn("victim", lock::lock);
        sim.spawn("bystander", () -> sim.yieldPoint(STEP));
        RunResult result = sim.run();
        assertThat(result.outcome()).isEqualTo(new RunOutcome.Deadlock(List.of(
                new RunOutcome.BlockedTask("victim", "mutex i_rwsem held by leaker"))));
    }
}
