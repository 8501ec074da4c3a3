package io.mapdirect.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.sim.selftest.CaseRun;
import io.mapdirect.sim.selftest.SimCase;
import io.mapdirect.sim.selftest.SimProgram;
import io.mapdirect.sim.selftest.SimProgramGenerator;
import io.mapdirect.sim.selftest.SimProgramRunner;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Determinism: the same operations and schedule give an identical trace. Programs come
 * from {@link SimProgramGenerator} on a jqwik-chosen seed (tasks doing well-nested lock/unlock,
 * rw-semaphores, sleeps, waits with timeouts, wakes, interrupts, work, delayed work and racy
 * yields); the schedule is a jqwik-chosen list of choices.
 */
class DeterminismProperties {

    @Property(tries = 200, seed = "20171006")
    @Label("same program and schedule, run twice in one JVM: identical fingerprint, rendering and outcome, no thread left")
    void sameProgramAndScheduleGiveAnIdenticalTrace(
            @ForAll long seed,
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 5) Integer> choices) {
        SimProgram program = SimProgramGenerator.program(new SeededRandom(seed));
        SimCase simCase = new SimCase(seed, program, choices.stream().mapToInt(Integer::intValue).toArray());

        CaseRun first = SimProgramRunner.run(simCase);
        CaseRun second = SimProgramRunner.run(simCase);

        assertThat(second.fingerprint()).as(simCase.describe()).isEqualTo(first.fingerprint());
        assertThat(second.result().trace().render()).isEqualTo(first.result().trace().render());
        assertThat(second.outcome()).isEqualTo(first.outcome());
        assertThat(second.result().steps()).isEqualTo(first.result().steps());
        assertThat(second.result().endTimeNs()).isEqualTo(first.result().endTimeNs());
        assertThat(first.liveThreads()).isEmpty();
        assertThat(second.liveThreads()).isEmpty();
        // Well-formed finite programs can complete or deadlock; a crash or runaway is a bug in the core.
        assertThat(first.result().outcome()).as(first.outcome())
                .isInstanceOfAny(RunOutcome.Completed.class, RunOutcome.Deadlock.class);
        Statistics.label("outcome").collect(first.result().outcome().getClass().getSimpleName());
        Statistics.label("switched").collect(first.result().switches() > 1);
    }

    @Property(tries = 100, seed = "20171006")
    @Label("the fingerprint separates interleavings: two tasks preempted at different points give different fingerprints")
    void differentInterleavingsGiveDifferentFingerprints(@ForAll @IntRange(min = 1, max = 6) int preemptAt) {
        Site step = Site.of("fingerprint step");
        long[] fingerprints = new long[2];
        for (int variant = 0; variant < 2; variant++) {
            Simulation sim = new Simulation();
            int[] choices = new int[preemptAt + variant + 1];
            choices[choices.length - 1] = 1;
            sim.setSchedule(Schedule.of(choices));
            for (String name : List.of("A", "B")) {
                sim.spawn(name, () -> {
                    for (int i = 0; i < 8; i++) {
                        sim.yieldPoint(step);
                    }
                });
            }
            fingerprints[variant] = sim.run().trace().fingerprint();
        }
        assertThat(fingerprints[0]).isNotEqualTo(fingerprints[1]);
    }
}
