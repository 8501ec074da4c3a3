package io.mapdirect.bench;

import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.Schedule;
import io.mapdirect.sim.Site;
import io.mapdirect.sim.Simulation;
import java.util.Arrays;

/**
 * Two tasks ping-ponging through the {@link Simulation}: each task hits a yield point per
 * iteration and the schedule's choices are all 1, so every yield point is a context switch. The
 * operations counted are the scheduler's switches.
 */
public final class SchedulerPingPong implements Workload {
    private static final Site PING = Site.of("bench ping");

    private final int yieldsPerTask;

    public SchedulerPingPong(int yieldsPerTask) {
        this.yieldsPerTask = yieldsPerTask;
    }

    @Override
    public Sample runOnce() {
        Simulation sim = new Simulation(4L * yieldsPerTask + 100, Long.MAX_VALUE / 4);
        int[] switchEveryTime = new int[2 * yieldsPerTask + 2];
        Arrays.fill(switchEveryTime, 1);
        sim.setSchedule(Schedule.of(switchEveryTime));
        for (String name : new String[] {"ping", "pong"}) {
            sim.spawn(name, () -> {
                for (int i = 0; i < yieldsPerTask; i++) {
                    sim.yieldPoint(PING);
                }
            });
        }
        long start = System.nanoTime();
        RunResult result = sim.run();
        long elapsedNs = System.nanoTime() - start;
        BenchChecks.requireCompleted("sched ping-pong", result);
        return new Sample(result.switches(), elapsedNs);
    }
}
