package io.mapdirect.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Wait queues ({@code wait_event*}/{@code wake_up*}): the lease-break wait and the DMA completion waits. */
class WaitQueueTest {
    private static final Site STEP = Site.of("wait queue test step");

    @Test
    @DisplayName("timeout: nobody wakes the sleeper, so the wait ends TIMED_OUT exactly at its virtual deadline")
    void waitTimesOutAtTheVirtualDeadline() {
        Simulation sim = new Simulation();
        WaitQueue queue = new WaitQueue(sim, "lease break");
        WaitResult[] result = new WaitResult[1];
        long[] endedAt = new long[1];
        sim.spawn("breaker", () -> {
            result[0] = queue.waitEvent(() -> false, 45 * VirtualClock.NS_PER_SEC, true);
            endedAt[0] = sim.nowNs();
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(result[0]).isEqualTo(WaitResult.TIMED_OUT);
        assertThat(endedAt[0]).isEqualTo(45 * VirtualClock.NS_PER_SEC);
        assertThat(queue.hasSleepers()).isFalse();
        assertThat(sim.pendingTimers()).isZero();
    }

    @Test
    @DisplayName("zero timeout: a wait on a false condition returns TIMED_OUT without sleeping")
    void zeroTimeoutDoesNotSleep() {
        Simulation sim = new Simulation();
        WaitQueue queue = new WaitQueue(sim, "q");
        WaitResult[] result = new WaitResult[1];
        sim.spawn("poller", () -> result[0] = queue.waitEvent(() -> false, 0, false));
        assertThat(sim.run().completed()).isTrue();
        assertThat(result[0]).isEqualTo(WaitResult.TIMED_OUT);
        assertThat(sim.trace().entries()).noneMatch(e -> e.kind() == TraceKind.BLOCK);
    }

    @Test
    @DisplayName("wake: a wake with the condition still false puts the sleeper back to sleep; one with it true ends the wait")
    void wakeRechecksTheCondition() {
        Simulation sim = new Simulation();
        WaitQueue queue = new WaitQueue(sim, "q");
        boolean[] done = new boolean[1];
        int[] checks = new int[1];
        WaitResult[] result = new WaitResult[1];
        long[] endedAt = new long[1];
        sim.spawn("waiter", () -> {
            result[0] = queue.waitEvent(() -> {
                checks[0]++;
                return done[0];
            }, -1, false);
            endedAt[0] = sim.nowNs();
        });
        sim.spawn("waker", () -> {
            sim.sleepNs(10, STEP);
            queue.wakeUpAll(); // spurious: condition still false
            sim.sleepNs(10, STEP);
            done[0] = true;
            queue.wakeUpAll();
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(result[0]).isEqualTo(WaitResult.DONE);
        assertThat(endedAt[0]).isEqualTo(20);
        assertThat(checks[0]).isEqualTo(3);
    }

    @Test
    @DisplayName("interrupt: an interruptible wait ends INTERRUPTED at once; a pending interrupt makes the next one return without sleeping")
    void interruptEndsInterruptibleWaits() {
        Simulation sim = new Simulation();
        WaitQueue queue = new WaitQueue(sim, "q");
        List<WaitResult> results = new ArrayList<>();
        long[] interruptedAt = new long[1];
        Task sleeper = sim.spawn("sleeper", () -> {
            results.add(queue.waitEvent(() -> false, VirtualClock.NS_PER_SEC, true));
            interruptedAt[0] = sim.nowNs();
            results.add(queue.waitEvent(() -> false, VirtualClock.NS_PER_SEC, true)); // interrupt still pending
            sim.current().clearInterrupt();
            results.add(queue.waitEvent(() -> false, 5, true));
        });
        sim.spawn("signaller", () -> {
            sim.sleepNs(7, STEP);
            sim.interrupt(sleeper);
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(results).containsExactly(WaitResult.INTERRUPTED, WaitResult.INTERRUPTED, WaitResult.TIMED_OUT);
        assertThat(interruptedAt[0]).isEqualTo(7);
        assertThat(sim.nowNs()).isEqualTo(12);
    }

    @Test
    @DisplayName("an uninterruptible wait ignores an interrupt and runs to its timeout")
    void uninterruptibleWaitIgnoresInterrupt() {
        Simulation sim = new Simulation();
        WaitQueue queue = new WaitQueue(sim, "q");
        WaitResult[] result = new WaitResult[1];
        Task sleeper = sim.spawn("sleeper", () -> result[0] = queue.waitEvent(() -> false, 100, false));
        sim.spawn("signaller", () -> sim.interrupt(sleeper));
        assertThat(sim.run().completed()).isTrue();
        assertThat(result[0]).isEqualTo(WaitResult.TIMED_OUT);
        assertThat(sim.nowNs()).isEqualTo(100);
        assertThat(sleeper.interruptPending()).isTrue();
    }

    @Test
    @DisplayName("a condition that became true as the timeout fired counts as DONE, not TIMED_OUT")
    void conditionTrueAtTheDeadlineWins() {
        Simulation sim = new Simulation();
        WaitQueue queue = new WaitQueue(sim, "q");
        boolean[] done = new boolean[1];
        WaitResult[] result = new WaitResult[1];
        // Armed before the wait's own timeout, with the same deadline: fires first, sets the
        // condition without waking anybody; then the timeout wakes the waiter.
        sim.armTimer(50, STEP, () -> done[0] = true);
        sim.spawn("waiter", () -> result[0] = queue.waitEvent(() -> done[0], 50, false));
        assertThat(sim.run().completed()).isTrue();
        assertThat(result[0]).isEqualTo(WaitResult.DONE);
    }

    @Test
    @DisplayName("a wait with no timeout and nobody to wake it ends the run as a deadlock naming the queue")
    void foreverWaitIsADeadlock() {
        Simulation sim = new Simulation();
        WaitQueue queue = new WaitQueue(sim, "dma completion");
        sim.spawn("P1", () -> queue.waitEvent(() -> false));
        RunResult result = sim.run();
        assertThat(result.outcome()).isEqualTo(new RunOutcome.Deadlock(List.of(
                new RunOutcome.BlockedTask("P1", "wait queue dma completion"))));
    }
}
