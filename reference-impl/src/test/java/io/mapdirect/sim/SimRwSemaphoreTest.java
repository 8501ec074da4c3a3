package io.mapdirect.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The reader/writer semaphore ({@code struct rw_semaphore}): i_rwsem, the XFS fault lock, mmap_lock. */
class SimRwSemaphoreTest {
    private static final Site INSIDE = Site.of("rwsem test inside");

    @Test
    @DisplayName("shared readers: two readers hold the semaphore at the same time")
    void readersShare() {
        Simulation sim = new Simulation();
        SimRwSemaphore sem = new SimRwSemaphore(sim, "s");
        int[] readersInside = new int[1];
        int[] maxReaders = new int[1];
        for (String name : List.of("R1", "R2")) {
            sim.spawn(name, () -> {
                sem.downRead();
                readersInside[0]++;
                maxReaders[0] = Math.max(maxReaders[0], readersInside[0]);
                sim.sleepNs(10, INSIDE); // the other reader gets in while this one holds it
                readersInside[0]--;
                sem.upRead();
            });
        }
        assertThat(sim.run().completed()).isTrue();
        assertThat(maxReaders[0]).isEqualTo(2);
        assertThat(sim.nowNs()).as("both slept at once").isEqualTo(10);
    }

    @Test
    @DisplayName("writer exclusion: a writer is never inside together with anyone, under 200 random schedules")
    void writerExcludesEveryone() {
        SeededRandom random = new SeededRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            Simulation sim = new Simulation();
            sim.setSchedule(Schedule.of(SimMutexTest.randomChoices(random, 80)));
            SimRwSemaphore sem = new SimRwSemaphore(sim, "s");
            int[] readers = new int[1];
            int[] writers = new int[1];
            boolean[] violated = new boolean[1];
            for (int t = 0; t < 5; t++) {
                boolean writer = t % 2 == 0;
                sim.spawn((writer ? "W" : "R") + t, () -> {
                    for (int i = 0; i < 2; i++) {
                        if (writer) {
                            sem.downWrite();
                            writers[0]++;
                        } else {
                            sem.downRead();
                            readers[0]++;
                        }
                        violated[0] |= writers[0] > 1 || (writers[0] == 1 && readers[0] > 0);
                        sim.yieldPoint(INSIDE);
                        violated[0] |= writers[0] > 1 || (writers[0] == 1 && readers[0] > 0);
                        if (writer) {
                            writers[0]--;
                            sem.upWrite();
                        } else {
                            readers[0]--;
                            sem.upRead();
                        }
                    }
                });
            }
            RunResult result = sim.run();
            assertThat(result.completed()).as("trial %d: %s", trial, result.outcome().describe()).isTrue();
            assertThat(violated[0]).as("trial %d", trial).isFalse();
            assertThat(sem.isLocked()).isFalse();
        }
    }

    @Test
    @DisplayName("writer not starved: a reader arriving after a waiting writer queues behind it")
    void waitingWriterBlocksNewReaders() {
        Simulation sim = new Simulation();
        SimRwSemaphore sem = new SimRwSemaphore(sim, "s");
        List<String> order = new ArrayList<>();
        sim.spawn("R1", () -> {
            sem.downRead();
            order.add("R1 in");
            sim.sleepNs(100, INSIDE);
            order.add("R1 out");
            sem.upRead();
        });
        sim.spawn("W", () -> {
            sim.sleepNs(10, INSIDE);
            sem.downWrite();
            order.add("W in");
            sem.upWrite();
        });
        sim.spawn("R2", () -> {
            sim.sleepNs(20, INSIDE); // R1 still reads, W waits: R2 must not join R1
            sem.downRead();
            order.add("R2 in");
            sem.upRead();
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(order).containsExactly("R1 in", "R1 out", "W in", "R2 in");
    }

    @Test
    @DisplayName("a writer's release admits every reader queued before the next writer, in one batch")
    void writerReleaseAdmitsQueuedReadersTogether() {
        Simulation sim = new Simulation();
        SimRwSemaphore sem = new SimRwSemaphore(sim, "s");
        int[] readersInside = new int[1];
        int[] maxReaders = new int[1];
        List<String> order = new ArrayList<>();
        sim.spawn("W1", () -> {
            sem.downWrite();
            sim.sleepNs(100, INSIDE);
            sem.upWrite();
        });
        for (String name : List.of("Ra", "Rb")) {
            sim.spawn(name, () -> {
                sim.sleepNs(10, INSIDE);
                sem.downRead();
                readersInside[0]++;
                maxReaders[0] = Math.max(maxReaders[0], readersInside[0]);
                sim.sleepNs(10, INSIDE);
                readersInside[0]--;
                order.add(name);
                sem.upRead();
            });
        }
        sim.spawn("W2", () -> {
            sim.sleepNs(20, INSIDE);
            sem.downWrite();
            order.add("W2");
            sem.upWrite();
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(maxReaders[0]).isEqualTo(2);
        assertThat(order).containsExactly("Ra", "Rb", "W2");
    }

    @Test
    @DisplayName("a deadlock report names the rw_semaphore and its holder")
    void deadlockReportNamesTheHolder() {
        Simulation sim = new Simulation();
        SimRwSemaphore sem = new SimRwSemaphore(sim, "i_rwsem");
        WaitQueue never = new WaitQueue(sim, "never");
        sim.spawn("reader", () -> {
            sem.downRead();
            never.waitEvent(() -> false);
        });
        sim.spawn("writer", sem::downWrite);
        RunResult result = sim.run();
        assertThat(result.outcome()).isInstanceOf(RunOutcome.Deadlock.class);
        assertThat(result.outcome().describe())
                .contains("reader waits on wait queue never")
                .contains("writer waits on rw_semaphore i_rwsem held for read by [reader]");
    }
}
