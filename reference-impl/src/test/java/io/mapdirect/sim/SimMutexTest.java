package io.mapdirect.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sleeping mutex ({@code struct mutex}): the locks the model takes around inode and lease state. */
class SimMutexTest {
    private static final Site INSIDE = Site.of("mutex test inside");

    @Test
    @DisplayName("mutual exclusion: at most one task inside the critical section under 200 random schedules")
    void mutualExclusionUnderRandomSchedules() {
        SeededRandom random = new SeededRandom(42);
        for (int trial = 0; trial < 200; trial++) {
            Simulation sim = new Simulation();
            sim.setSchedule(Schedule.of(randomChoices(random, 60)));
            SimMutex mutex = new SimMutex(sim, "m");
            int[] inside = new int[1];
            int[] maxInside = new int[1];
            int[] entries = new int[1];
            for (int t = 0; t < 4; t++) {
                sim.spawn("T" + t, () -> {
                    for (int i = 0; i < 3; i++) {
                        mutex.lock();
                        inside[0]++;
                        maxInside[0] = Math.max(maxInside[0], inside[0]);
                        entries[0]++;
                        sim.yieldPoint(INSIDE);
                        inside[0]--;
                        mutex.unlock();
                    }
                });
            }
            RunResult result = sim.run();
            assertThat(result.completed()).as("trial %d: %s", trial, result.outcome().describe()).isTrue();
            assertThat(maxInside[0]).as("trial %d", trial).isEqualTo(1);
            assertThat(entries[0]).isEqualTo(12);
            assertThat(mutex.isLocked()).isFalse();
        }
    }

    @Test
    @DisplayName("FIFO handoff: waiters get the mutex in arrival order, and a late arrival cannot barge in")
    void releaseHandsTheMutexToWaitersInArrivalOrder() {
        Simulation sim = new Simulation();
        SimMutex mutex = new SimMutex(sim, "m");
        List<String> order = new ArrayList<>();
        sim.spawn("holder", () -> {
            mutex.lock();
            sim.sleepNs(10, INSIDE); // everybody else queues meanwhile
            order.add("holder");
            mutex.unlock();
            // Still running after the release: a fresh lock attempt must queue behind B, C, D.
            mutex.lock();
            order.add("holder again");
            mutex.unlock();
        });
        for (String name : List.of("B", "C", "D")) {
            sim.spawn(name, () -> {
                mutex.lock();
                order.add(name);
                mutex.unlock();
            });
        }
        RunResult result = sim.run();
        assertThat(result.completed()).isTrue();
        assertThat(order).containsExactly("holder", "B", "C", "D", "holder again");
    }

    @Test
    @DisplayName("tryLock never sleeps: false while held, true once free")
    void tryLockDoesNotSleep() {
        Simulation sim = new Simulation();
        SimMutex mutex = new SimMutex(sim, "m");
        List<Boolean> attempts = new ArrayList<>();
        sim.spawn("holder", () -> {
            mutex.lock();
            sim.sleepNs(10, INSIDE);
            mutex.unlock();
        });
        sim.spawn("trier", () -> {
            attempts.add(mutex.tryLock());
            sim.sleepNs(20, INSIDE);
            attempts.add(mutex.tryLock());
            mutex.unlock();
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(attempts).containsExactly(false, true);
    }

    @Test
    @DisplayName("recursive lock and unlock by a non-owner are kernel bugs: the run ends as a crash")
    void misuseCrashesTheRun() {
        Simulation sim = new Simulation();
        SimMutex mutex = new SimMutex(sim, "m");
        sim.spawn("recursive", () -> {
            mutex.lock();
            mutex.lock();
        });
        assertThat(sim.run().outcome()).isInstanceOfSatisfying(RunOutcome.Crashed.class,
                crash -> assertThat(crash.error()).hasMessageContaining("recursive lock of mutex m"));

        Simulation other = new Simulation();
        SimMutex held = new SimMutex(other, "h");
        other.spawn("owner", () -> {
            held.lock();
            other.sleepNs(10, INSIDE);
        });
        other.spawn("thief", held::unlock);
        assertThat(other.run().outcome()).isInstanceOfSatisfying(RunOutcome.Crashed.class,
                crash -> assertThat(crash.error()).hasMessageContaining("released by thief but held by owner"));
    }

    @Test
    @DisplayName("outside a run (world set-up) a free mutex can be taken and released")
    void setUpMayUseAFreeMutex() {
        Simulation sim = new Simulation();
        SimMutex mutex = new SimMutex(sim, "m");
        mutex.lock();
        assertThat(mutex.isLocked()).isTrue();
        assertThat(mutex.isHeldByCurrent()).isTrue();
        mutex.unlock();
        assertThat(mutex.isLocked()).isFalse();
    }

    static int[] randomChoices(SeededRandom random, int length) {
        int[] choices = new int[length];
        for (int i = 0; i < length; i++) {
            choices[i] = random.nextBoolean() ? 0 : random.nextInt(1, 4);
        }
        return choices;
    }
}
