package io.mapdirect.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link VirtualDriver}: a job runs on a virtual thread and its result or failure reaches the caller unchanged. */
class VirtualDriverTest {

    @Test
    @DisplayName("a platform-thread caller's job runs on a virtual thread and returns its value")
    void runsOnAVirtualThread() {
        assertThat(Thread.currentThread().isVirtual()).isFalse();
        assertThat(VirtualDriver.call(() -> Thread.currentThread().isVirtual())).isTrue();
        assertThat(VirtualDriver.call(() -> "value")).isEqualTo("value");
    }

    @Test
    @DisplayName("a virtual-thread caller's job runs in place")
    void runsInPlaceOnAVirtualThread() throws InterruptedException {
        Thread[] seen = new Thread[2];
        Thread caller = Thread.ofVirtual().start(() -> {
            seen[0] = Thread.currentThread();
            seen[1] = VirtualDriver.call(Thread::currentThread);
        });
        caller.join();
        assertThat(seen[1]).isSameAs(seen[0]);
    }

    @Test
    @DisplayName("runtime exceptions and errors of the job reach the caller unchanged")
    void failuresPropagate() {
        IllegalStateException thrown = new IllegalStateException("model bug");
        assertThatThrownBy(() -> VirtualDriver.call(() -> {
            throw thrown;
        })).isSameAs(thrown);
        AssertionError error = new AssertionError("checker");
        assertThatThrownBy(() -> VirtualDriver.call(() -> {
            throw error;
        })).isSameAs(error);
    }

    @Test
    @DisplayName("a simulation driven from the job runs to completion with its tasks on the same carrier pool")
    void drivesASimulation() {
        RunResult result = VirtualDriver.call(() -> {
            Simulation sim = new Simulation();
            int[] counter = new int[1];
            Site site = Site.of("virtual driver test");
            for (int t = 0; t < 3; t++) {
                sim.spawn("t" + t, () -> {
                    for (int i = 0; i < 5; i++) {
                        counter[0]++;
                        sim.yieldPoint(site);
                    }
                });
            }
            sim.setSchedule(Schedule.of(1, 2, 1, 0, 2));
            RunResult run = sim.run();
            assertThat(counter[0]).isEqualTo(15);
            return run;
        });
        assertThat(result.outcome()).isInstanceOf(RunOutcome.Completed.class);
    }
}
