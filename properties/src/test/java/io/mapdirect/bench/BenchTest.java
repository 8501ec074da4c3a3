package io.mapdirect.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's workloads measure what they claim (issue 2, "measured, not timed"): operation
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
}
