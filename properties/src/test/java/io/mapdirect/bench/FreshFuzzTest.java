package io.mapdirect.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.campaign.Workers;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** A fresh run's output is read line by line and its reported steps are found by the time they were reported. */
class FreshFuzzTest {
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void stepsByATimeAreTheLastReportBeforeIt() {
        AtomicLong clockNs = new AtomicLong();
        FreshFuzz run = new FreshFuzz(new Workers(List.of("/bin/sh", "-c",
                "echo progress 5 100; echo probe x; echo progress 9 250; echo done 12 400 00ff; exit 0", "worker")),
                () -> clockNs.getAndAdd(1_000));
        assertThat(run.run(List.of())).isTrue();
        assertThat(run.lines()).containsExactly("progress 5 100", "probe x", "progress 9 250", "done 12 400 00ff");
        // The clock reads 0 at the start, then 1000, 2000 and 3000 at the three counted lines.
        assertThat(run.stepsBy(999)).isZero();
        assertThat(run.stepsBy(1_000)).isEqualTo(100);
        assertThat(run.stepsBy(2_500)).isEqualTo(250);
        assertThat(run.stepsBy(Long.MAX_VALUE)).isEqualTo(400);
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aFailedRunIsReportedAndTheWorkersStatusesKeepTheirOrder() {
        FreshFuzz failed = new FreshFuzz(new Workers(List.of("/bin/sh", "-c", "echo progress 1 1; exit 3", "worker")),
                System::nanoTime);
        assertThat(failed.run(List.of())).isFalse();
        int[] statuses = new Workers(List.of("/bin/sh", "-c", "exit \"$0\"")).run(
                List.of(List.of("0"), List.of("2"), List.of("1")), (worker, line) -> { });
        assertThat(statuses).containsExactly(0, 2, 1);
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aLineTheListenerRejectsFailsTheRunAfterTheWorkerHasEnded() {
        Workers chatty = new Workers(List.of("/bin/sh", "-c", "echo fine; echo '[0.01s][info][gc] Using G1'; seq 1 20000"));
        List<String> heard = new java.util.ArrayList<>();
        assertThatThrownBy(() -> chatty.run(List.of(List.of()), (worker, line) -> {
            if (line.startsWith("[")) {
                throw new IllegalArgumentException("unexpected line: " + line);
            }
            heard.add(line);
        })).isInstanceOf(Workers.Failed.class).hasMessage("worker 0: unexpected line: [0.01s][info][gc] Using G1");
        assertThat(heard).containsExactly("fine");
        assertThatThrownBy(() -> new Workers(List.of("/no/such/java")).run(List.of(List.of()), (worker, line) -> { }))
                .isInstanceOf(Workers.Failed.class).hasMessageStartingWith("cannot start a worker (/no/such/java)");
    }
}
