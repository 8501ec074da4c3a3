package io.mapdirect.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's workloads measure what they claim ("measured, not timed"): operation
 * counts are checked, never the time they took.
 */
class BenchTest {

    @Test
    @DisplayName("the scheduler ping-pong switches at every yield point: about two switches per round")
    void pingPongSwitchesEveryYield() {
        Workload.Sample sample = new SchedulerPingPong(1_000).runOnce();
        assertThat(sample.operations()).isBetween(1_999L, 2_001L);
    }

    @Test
    @DisplayName("the 16-task mix completes and switches many times")
    void mixCompletes() {
        Workload.Sample sample = new SchedulerMix(50).runOnce();
        assertThat(sample.operations()).isGreaterThan(16 * 50);
    }

    @Test
    @DisplayName("raw ping-pongs count two handoffs per round, virtual and platform")
    void rawPingPongCountsHandoffs() {
        assertThat(RawPingPong.virtualThreads(500).runOnce().operations()).isEqualTo(1_000);
        assertThat(RawPingPong.platformThreads(50).runOnce().operations()).isEqualTo(100);
    }

    @Test
    @DisplayName("figures take the median, min and max of the iterations")
    void figureStatistics() {
        Figure odd = Figure.of("x", List.of(3.0, 1.0, 2.0));
        assertThat(odd.medianPerSec()).isEqualTo(2.0);
        assertThat(odd.minPerSec()).isEqualTo(1.0);
        assertThat(odd.maxPerSec()).isEqualTo(3.0);
        assertThat(Figure.of("y", List.of(4.0, 1.0, 2.0, 3.0)).medianPerSec()).isEqualTo(2.5);
        assertThatThrownBy(() -> Figure.of("z", List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("the JSON report is one line with every figure, the fraction of raw and the target verdict")
    void jsonReport() {
        BenchReport report = new BenchReport();
        report.add("sched.switches_per_sec", Figure.of("s", List.of(2_000_000.0)));
        report.add("sched.switches_per_sec_16tasks", Figure.of("m", List.of(1_500_000.0)));
        report.add("raw.vthread_pingpong_per_sec", Figure.of("r", List.of(2_500_000.0)));
        report.add("raw.platform_pingpong_per_sec", Figure.of("p", List.of(26_000.0)));
        String json = report.toJson();
        assertThat(json).doesNotContain("\n").startsWith("{").endsWith("}")
                .contains("\"sched.switches_per_sec\":2000000,", "\"sched.switches_per_sec_16tasks\":1500000,",
                        "\"raw.vthread_pingpong_per_sec\":2500000,", "\"raw.platform_pingpong_per_sec\":26000,",
                        "\"sched.fraction_of_raw\":0.800,", "\"meets_targets\":true,", "\"cores\":", "\"jdk\":\"");
        assertThat(report.toTable()).contains("sched.switches_per_sec", "2,000,000", "targets", "met");

        BenchReport slow = new BenchReport();
        slow.add("sched.switches_per_sec", Figure.of("s", List.of(900_000.0)));
        slow.add("raw.vthread_pingpong_per_sec", Figure.of("r", List.of(1_000_000.0)));
        assertThat(slow.meetsTargets()).isFalse();
    }

    @Test
    @DisplayName("the harness runs the warm-up unmeasured and reports one rate per measured iteration")
    void harnessCountsIterations() {
        int[] calls = new int[1];
        Figure figure = new BenchHarness(2, 3).measure("counted", () -> {
            calls[0]++;
            return new Workload.Sample(10, 1_000_000_000L);
        });
        assertThat(calls[0]).isEqualTo(5);
        assertThat(figure.iterations()).isEqualTo(3);
        assertThat(figure.medianPerSec()).isEqualTo(10.0);
    }

    @Test
    @DisplayName("the suite warms up until the JIT threads used under 3% of a 10-pass window in CPU, then measures")
    void suiteWarmsUpUntilTheJitSettles() {
        long[] nowNs = {0};
        int[] passes = {0};
        // The JIT compiles 50 ms of every 100 ms pass in the cold pass and the first 15 warm-up passes, then nothing.
        SuiteBench bench = new SuiteBench(() -> {
            passes[0]++;
            nowNs[0] += 100_000_000L;
            long compileCpuNs = passes[0] <= 16 ? 50_000_000L : 0;
            return new SuiteCases.Pass(400, 20_000, 100_000_000L, 50_000_000L, compileCpuNs);
        }, () -> nowNs[0], line -> { });
        SuiteBench.Result result = bench.run(60_000_000_000L, 3);
        // pass 1 is cold; warm-up passes 2..16 compile; the window of passes 17..26 is clean
        assertThat(result.jitSettled()).isTrue();
        assertThat(result.warmupPasses()).isEqualTo(25);
        assertThat(passes[0]).isEqualTo(1 + 25 + 3);
        assertThat(result.steps().medianPerSec()).isEqualTo(200_000.0);
        assertThat(result.cases().medianPerSec()).isEqualTo(4_000.0);
        assertThat(result.stepsPerCpu().medianPerSec()).isEqualTo(400_000.0);
        assertThat(result.steps().iterations()).isEqualTo(3);
        assertThat(result.meetsTarget()).isTrue();
    }

    @Test
    @DisplayName("a warm-up that hits its time limit is measured anyway and says the JIT had not settled")
    void suiteWarmupTimeLimit() {
        long[] nowNs = {0};
        SuiteBench bench = new SuiteBench(() -> {
            nowNs[0] += 1_000_000_000L;
            return new SuiteCases.Pass(400, 20_000, 1_000_000_000L, 1_000_000_000L, 500_000_000L);
        }, () -> nowNs[0], line -> { });
        SuiteBench.Result result = bench.run(5_000_000_000L, 2);
        assertThat(result.jitSettled()).isFalse();
        assertThat(result.warmupPasses()).isEqualTo(5);
        assertThat(result.stepsPerCpu().medianPerSec()).isEqualTo(20_000.0);
        assertThat(result.meetsTarget()).isFalse();
        assertThat(SuiteBench.settled(java.util.List.of(new SuiteCases.Pass(1, 1, 1, 1, -1)))).isFalse();
    }

    @Test
    @DisplayName("a suite-only report carries its facts and judges only the suite's target")
    void suiteOnlyReport() {
        BenchReport report = new BenchReport();
        report.add("suite.cold_steps_per_sec", Figure.of("c", List.of(40_000.0)));
        report.add("suite.steps_per_sec", Figure.of("s", List.of(150_000.0, 160_000.0, 170_000.0)));
        report.add("suite.steps_per_cpu_sec", Figure.of("p", List.of(140_000.0, 150_000.0, 160_000.0)));
        report.fact("suite.warmup_passes", 120);
        report.fact("suite.jit_settled", true);
        report.fact("suite.meets_target", true);
        String json = report.toJson();
        assertThat(json).contains("\"suite.steps_per_sec\":160000,", "\"suite.warmup_passes\":120,",
                "\"suite.jit_settled\":true,", "\"meets_targets\":true,", "\"iterations\":3,")
                .doesNotContain("fraction_of_raw");
        assertThat(report.toTable()).contains("suite.steps_per_cpu_sec", "150,000", "targets (suite >= 100,000 steps per CPU-second): met");
        report.fact("suite.meets_target", false);
        assertThat(report.meetsTargets()).isFalse();
        assertThatThrownBy(() -> report.fact("x", "text")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("compiler-thread CPU: stat lines parse even with spaces in the name; this JVM's compilers are found on Linux")
    void jitCpuReadsProcStat() {
        String stat = "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194368 10 0 0 0 250 17 0 0 20 0 30 0 100 0 0";
        assertThat(JitCpu.statTicks(stat)).isEqualTo(267);
        assertThat(JitCpu.statTicks("7 (a) b) c) R 1 2 3 4 5 6 7 8 9 10 3 4 0")).isEqualTo(7);
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
            assertThat(JitCpu.compilerCpuNs()).isGreaterThan(0);
        }
    }
}
