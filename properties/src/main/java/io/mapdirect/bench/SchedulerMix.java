package io.mapdirect.bench;

import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.Schedule;
import io.mapdirect.sim.SeededRandom;
import io.mapdirect.sim.SimMutex;
import io.mapdirect.sim.Simulation;
import io.mapdirect.sim.Site;
import io.mapdirect.sim.VirtualClock;
import io.mapdirect.sim.WaitQueue;

/**
 * Sixteen tasks through the {@link Simulation}, mixing plain yield points, four contended mutexes
 * and two wait queues (producers wake consumers that wait with a timeout). The schedule, from a
 * fixed seed, switches to a random other runnable task at almost every decision point. The
 * operations counted are the scheduler's switches.
 */
public final class SchedulerMix implements Workload {
    private static final Site RACY = Site.of("bench racy");
    private static final int TASKS = 16;

    private final int roundsPerTask;

    public SchedulerMix(int roundsPerTask) {
        this.roundsPerTask = roundsPerTask;
    }

    @Override
    public Sample runOnce() {
        Simulation sim = new Simulation(40L * TASKS * roundsPerTask + 1_000, Long.MAX_VALUE / 4);
        sim.setSchedule(Schedule.of(randomChoices(new SeededRandom(16), 8 * TASKS * roundsPerTask)));
        SimMutex[] mutexes = new SimMutex[4];
        for (int i = 0; i < mutexes.length; i++) {
            mutexes[i] = new SimMutex(sim, "bench m" + i);
        }
        WaitQueue[] queues = {new WaitQueue(sim, "bench q0"), new WaitQueue(sim, "bench q1")};
        long[] produced = new long[queues.length];
        for (int t = 0; t < TASKS; t++) {
            int id = t;
            sim.spawn("t" + t, () -> {
                for (int round = 0; round < roundsPerTask; round++) {
                    step(sim, id, mutexes, queues, produced);
                }
            });
        }
        long start = System.nanoTime();
        RunResult result = sim.run();
        long elapsedNs = System.nanoTime() - start;
        BenchChecks.requireCompleted("sched 16-task mix", result);
        return new Sample(result.switches(), elapsedNs);
    }

    /** Tasks 0-7 take a mutex around a racy access; 8-11 produce and wake; 12-15 wait for a product. */
    private static void step(Simulation sim, int id, SimMutex[] mutexes, WaitQueue[] queues, long[] produced) {
        sim.yieldPoint(RACY);
        if (id < 8) {
            SimMutex mutex = mutexes[id % mutexes.length];
            mutex.lock();
            sim.yieldPoint(RACY);
            mutex.unlock();
        } else if (id < 12) {
            int q = id % queues.length;
            produced[q]++;
            queues[q].wakeUpAll();
        } else {
            int q = id % queues.length;
            long seen = produced[q];
            queues[q].waitEvent(() -> produced[q] > seen, VirtualClock.NS_PER_MS, false);
        }
    }

    private static int[] randomChoices(SeededRandom random, int count) {
        int[] choices = new int[count];
        for (int i = 0; i < count; i++) {
            choices[i] = random.nextInt(1, TASKS);
        }
        return choices;
    }
}
