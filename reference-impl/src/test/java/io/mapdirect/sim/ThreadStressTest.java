package io.mapdirect.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.sim.selftest.CaseRun;
import io.mapdirect.sim.selftest.DeterminismCampaign;
import io.mapdirect.sim.selftest.SimCase;
import io.mapdirect.sim.selftest.SimProgramGenerator;
import io.mapdirect.sim.selftest.SimProgramRunner;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real-thread stress mode on the simulation self-test's random programs (mutexes, rw-semaphores, wait
 * queues with timeouts and interrupts, works, delayed works): each runs with every task on its own
 * platform thread ({@link Simulation#threaded}) for a few seconds ({@code -Dmapdirect.stress.seconds=90}
 * for longer), and the findings are reported as "k of N runs". Asserted is only what is stable: every run
 * ends with an outcome, no thread outlives a run that did not hang, and threaded runs leave the
 * deterministic mode as it was.
 */
@Tag("stress")
class ThreadStressTest {
    static final long CAMPAIGN_SEED = 20171012L;

    static Duration budget() {
        return Duration.ofSeconds(Long.getLong("mapdirect.stress.seconds", 3));
    }

    @Test
    @DisplayName("stress: self-test programs on real threads; findings as k of N runs")
    void selfTestProgramsOnRealThreads() {
        StressTally tally = new StressTally("ThreadStressTest (sim self-test programs, threaded)");
        long deadline = System.nanoTime() + budget().toNanos();
        for (long i = 0; i < 20 || System.nanoTime() < deadline; i++) {
            long seed = DeterminismCampaign.caseSeed(CAMPAIGN_SEED, i);
            SimCase simCase = SimProgramGenerator.generate(seed);
            CaseRun run = SimProgramRunner.runThreaded(simCase, Duration.ofSeconds(10), seed);
            String finding = tally.add(run.result().outcome(), "seed " + seed);
            assertThat(run.result().outcome()).as("seed %d ends with an outcome", seed).isNotNull();
            if (finding == null || !finding.startsWith("hang")) {
                assertThat(run.liveThreads()).as("threads alive after seed %d (%s)", seed, finding).isEmpty();
            }
        }
        System.out.println(tally.render());
        assertThat(tally.runs()).isGreaterThanOrEqualTo(20);
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
        Simulation sim = Simulation.threaded(1_000_000, VirtualClock.NS_PER_SEC * 10, Duration.ofSeconds(10), 1);
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
