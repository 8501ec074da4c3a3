package io.mapdirect.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.sim.selftest.CaseRun;
import io.mapdirect.sim.selftest.DeterminismCampaign;
import io.mapdirect.sim.selftest.SimCase;
import io.mapdirect.sim.selftest.SimProgramGenerator;
import io.mapdirect.sim.selftest.SimProgramRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real-thread stress mode on the simulation self-test's random programs (mutexes, rw-semaphores, wait
 * queues with timeouts and interrupts, works, delayed works): each runs with every task on its own
 * platform thread ({@link Simulation#threaded}), {@value #RUNS_PROPERTY} runs ({@value #DEFAULT_RUNS} by
 * default), and the outcomes are reported as "k of N runs". A run is judged by the self-test's rule
 * ({@code CaseCheck}): a finite, well-formed program completes or deadlocks, and nobody sleeps on a lock
 * nobody holds. A crash (the simulation core threw), a budget runaway or a lost wake-up violates it and
 * fails the build ("k of N runs violated ... seed S, replay"); a hang at the wall-clock limit cannot be
 * judged (the scheduler or the machine may be at fault), is counted, and fails the build only if every
 * run hangs. Also asserted: no thread outlives a run that did not hang, and threaded runs leave the
 * deterministic mode as it was.
 */
@Tag("stress")
class ThreadStressTest {
    static final long CAMPAIGN_SEED = 20171012L;
    static final String RUNS_PROPERTY = "mapdirect.stress.runs";
    static final int DEFAULT_RUNS = 300;
    static final String HANG = "hang (wall-clock limit)";

    @Test
    @DisplayName("stress: self-test programs on real threads complete or deadlock (k of N runs)")
    void selfTestProgramsOnRealThreads() {
        StressTally tally = new StressTally("ThreadStressTest (sim self-test programs, threaded)");
        Map<String, List<Long>> violating = new TreeMap<>();
        int runs = Integer.getInteger(RUNS_PROPERTY, DEFAULT_RUNS);
        for (long i = 0; i < runs; i++) {
            long seed = DeterminismCampaign.caseSeed(CAMPAIGN_SEED, i);
            SimCase simCase = SimProgramGenerator.generate(seed);
            CaseRun run = SimProgramRunner.runThreaded(simCase, Duration.ofSeconds(10), seed);
            String finding = tally.add(run.result().outcome(), "seed " + seed);
            if (finding != null && !finding.equals("deadlock") && !finding.equals(HANG)) {
                violating.computeIfAbsent(finding, f -> new ArrayList<>()).add(seed);
            }
            if (!HANG.equals(finding)) {
                assertThat(run.liveThreads()).as("threads alive after seed %d (%s)", seed, finding).isEmpty();
            }
        }
        System.out.println(tally.render());
        List<String> failures = new ArrayList<>();
        violating.forEach((finding, seeds) -> failures.add(seeds.size() + " of " + runs + " runs violated"
                + " 'a generated program completes or deadlocks' on real threads: " + finding + "; first seed " + seeds.get(0)
                + ", replay deterministically: ./mapdirect fuzz --sim-selftest --seed " + seeds.get(0) + " --cases 1"));
        if (tally.counts().getOrDefault(HANG, 0) == runs) {
            failures.add("all " + runs + " runs were unjudgeable: " + HANG);
        }
        if (!failures.isEmpty()) {
            Assertions.fail(String.join("\n", failures) + "\n" + tally.render());
        }
    }

    @Test
    @DisplayName("stress: a threaded run leaves the deterministic replay of the same case unchanged")
    void deterministicModeIsUnchanged() {
        SimCase simCase = SimProgramGenerator.generate(226);
        CaseRun before = SimProgramRunner.run(simCase);
        SimProgramRunner.runThreaded(simCase, Duration.ofSeconds(10), 226);
        CaseRun after = SimProgramRunner.run(simCase);
        assertThat(after.fingerprint()).isEqualTo(before.fingerprint());
        assertThat(after.result().trace().render()).isEqualTo(before.result().trace().render());
    }

    @Test
    @DisplayName("stress: threaded tasks really overlap, time moves only when all sleep, and a lost wake-up is a deadlock")
    void threadedSchedulerBasics() {
        // 4,000 contended lock round trips: well under a second on an idle machine, but a 10 s wall-clock
        // limit was exhausted once on a 2-core machine at load 60 (a hang by the machine, not the scheduler)
        Simulation sim = Simulation.threaded(1_000_000, VirtualClock.NS_PER_SEC * 10, Duration.ofSeconds(120), 1);
        SimMutex mutex = new SimMutex(sim, "m");
        long[] counter = {0};
        long[] wokeAtNs = {-1};
        for (int t = 0; t < 4; t++) {
            sim.spawn("T" + t, () -> {
                for (int i = 0; i < 1000; i++) {
                    mutex.lock();
                    counter[0]++;
                    mutex.unlock();
                }
            });
        }
        sim.spawn("sleeper", () -> {
            sim.sleepNs(VirtualClock.NS_PER_SEC, null);
            wokeAtNs[0] = sim.nowNs();
        });
        RunResult result = sim.run();
        assertThat(result.completed()).as(result.outcome().describe()).isTrue();
        assertThat(counter[0]).as("the mutex excludes for real").isEqualTo(4000);
        assertThat(wokeAtNs[0]).isEqualTo(VirtualClock.NS_PER_SEC);
        assertThat(sim.liveTaskThreads()).isEmpty();

        Simulation lost = Simulation.threaded(1_000, VirtualClock.NS_PER_SEC, Duration.ofSeconds(10), 2);
        WaitQueue queue = new WaitQueue(lost, "q");
        lost.spawn("waiter", () -> queue.waitEvent(() -> false));
        RunResult stuck = lost.run();
        assertThat(StressTally.classify(stuck.outcome())).isEqualTo("deadlock");
        assertThat(lost.liveTaskThreads()).isEmpty();
    }
}
