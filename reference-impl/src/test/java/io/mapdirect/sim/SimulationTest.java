package io.mapdirect.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {
    private static final Site STEP = Site.of("test step");

    @Test
    void emptyScheduleRunsEachTaskUntilItEnds() {
        Simulation sim = new Simulation();
        List<String> log = new ArrayList<>();
        for (String name : List.of("A", "B")) {
            sim.spawn(name, () -> {
                for (int i = 0; i < 3; i++) {
                    log.add(name + i);
                    sim.yieldPoint(STEP);
                }
            });
        }
        RunResult result = sim.run();
        assertThat(result.outcome()).isInstanceOf(RunOutcome.Completed.class);
        assertThat(log).containsExactly("A0", "A1", "A2", "B0", "B1", "B2");
        assertThat(result.switches()).isEqualTo(1);
    }

    @Test
    void nonZeroChoicesSwitchAtYieldPoints() {
        Simulation sim = new Simulation();
        sim.setSchedule(Schedule.of(0, 1, 1, 1, 1));
        List<String> log = new ArrayList<>();
        for (String name : List.of("A", "B")) {
            sim.spawn(name, () -> {
                for (int i = 0; i < 3; i++) {
                    log.add(name + i);
                    sim.yieldPoint(STEP);
                }
            });
        }
        sim.run();
        // decision 0 picks A at start; A0 yields: 1 -> B; B0 yields: 1 -> A; A1 yields: 1 -> B; B1: 1 -> A
        assertThat(log).containsExactly("A0", "B0", "A1", "B1", "A2", "B2");
    }

    @Test
    void choicesAreConsumedOnlyWhenMoreThanOneTaskCanRun() {
        Simulation sim = new Simulation();
        sim.setSchedule(Schedule.of(1, 1, 1));
        sim.spawn("solo", () -> {
            for (int i = 0; i < 10; i++) {
                sim.yieldPoint(STEP);
            }
        });
        RunResult result = sim.run();
        assertThat(result.decisions()).isZero();
        assertThat(sim.schedule().consumed()).isZero();
    }

    @Test
    void sleepAdvancesVirtualTimeOnlyWhenNobodyCanRun() {
        Simulation sim = new Simulation();
        long[] wokeAt = new long[2];
        sim.spawn("sleeper", () -> {
            sim.sleepNs(5 * VirtualClock.NS_PER_SEC, STEP);
            wokeAt[0] = sim.nowNs();
        });
        sim.spawn("short", () -> {
            sim.sleepNs(VirtualClock.NS_PER_MS, STEP);
            wokeAt[1] = sim.nowNs();
        });
        RunResult result = sim.run();
        assertThat(result.completed()).isTrue();
        assertThat(wokeAt[0]).isEqualTo(5 * VirtualClock.NS_PER_SEC);
        assertThat(wokeAt[1]).isEqualTo(VirtualClock.NS_PER_MS);
        assertThat(result.endTimeNs()).isEqualTo(5 * VirtualClock.NS_PER_SEC);
    }

    @Test
    void aTaskThatThrowsEndsTheRunAsACrash() {
        Simulation sim = new Simulation();
        sim.spawn("bad", () -> {
            sim.yieldPoint(STEP);
            throw new IllegalStateException("BUG at fs/mapdirect.c");
        });
        sim.spawn("other", () -> sim.sleepNs(VirtualClock.NS_PER_SEC, STEP));
        RunResult result = sim.run();
        assertThat(result.outcome()).isInstanceOfSatisfying(RunOutcome.Crashed.class, crash -> {
            assertThat(crash.task()).isEqualTo("bad");
            assertThat(crash.error()).hasMessageContaining("BUG");
        });
        assertNoThreadSurvives(sim);
    }

    @Test
    void stepBudgetEndsARunawayRun() {
        Simulation sim = new Simulation(1_000, VirtualClock.NS_PER_SEC);
        sim.spawn("spinner", () -> {
            while (true) {
                sim.yieldPoint(STEP);
            }
        });
        RunResult result = sim.run();
        assertThat(result.outcome()).isInstanceOfSatisfying(RunOutcome.Runaway.class,
                runaway -> assertThat(runaway.why()).contains("step budget"));
        assertNoThreadSurvives(sim);
    }

    @Test
    void timeBudgetEndsARunawayRun() {
        Simulation sim = new Simulation(1_000_000, VirtualClock.NS_PER_SEC);
        sim.spawn("sleeper", () -> {
            while (true) {
                sim.sleepNs(VirtualClock.NS_PER_MS * 300, STEP);
            }
        });
        RunResult result = sim.run();
        assertThat(result.outcome()).isInstanceOfSatisfying(RunOutcome.Runaway.class,
                runaway -> assertThat(runaway.why()).contains("virtual time budget"));
    }

    @Test
    void stopFromAStepListenerEndsTheRun() {
        Simulation sim = new Simulation();
        sim.setStepListener((s, task, site) -> {
            if (s.steps() == 3) {
                s.stop("invariant X violated at step 3");
            }
        });
        sim.spawn("A", () -> {
            for (int i = 0; i < 10; i++) {
                sim.yieldPoint(STEP);
            }
        });
        RunResult result = sim.run();
        assertThat(result.outcome()).isEqualTo(new RunOutcome.Stopped("invariant X violated at step 3"));
        assertThat(result.steps()).isEqualTo(3);
        assertNoThreadSurvives(sim);
    }

    @Test
    void aSecondRunContinuesTheClockAndTrace() {
        Simulation sim = new Simulation();
        sim.spawn("first", () -> sim.sleepNs(10, STEP));
        sim.run();
        int traceSize = sim.trace().size();
        sim.spawn("second", () -> sim.sleepNs(5, STEP));
        RunResult result = sim.run();
        assertThat(result.completed()).isTrue();
        assertThat(result.endTimeNs()).isEqualTo(15);
        assertThat(sim.trace().size()).isGreaterThan(traceSize);
        assertThatThrownBy(() -> sim.sleepNs(1, STEP)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a run");
    }

    @Test
    void interruptEndsAnInterruptibleSleepOnly() {
        Simulation sim = new Simulation();
        WaitQueue queue = new WaitQueue(sim, "never");
        WaitResult[] results = new WaitResult[2];
        Task interruptible = sim.spawn("interruptible", () -> results[0] = queue.waitEvent(() -> false, -1, true));
        Task plain = sim.spawn("plain", () -> results[1] = queue.waitEvent(() -> false, 1000, false));
        sim.spawn("signaller", () -> {
            sim.interrupt(interruptible);
            sim.interrupt(plain);
        });
        RunResult result = sim.run();
        assertThat(result.completed()).isTrue();
        assertThat(results).containsExactly(WaitResult.INTERRUPTED, WaitResult.TIMED_OUT);
    }

    static void assertNoThreadSurvives(Simulation sim) {
        for (Task task : sim.tasks()) {
            assertThat(task.state()).as(task.name()).isEqualTo(Task.State.DONE);
        }
        assertThat(sim.tasks()).allSatisfy(task -> assertThat(threadOf(task).isAlive()).as(task.name()).isFalse());
    }

    static Thread threadOf(Task task) {
        return task.thread();
    }
}
