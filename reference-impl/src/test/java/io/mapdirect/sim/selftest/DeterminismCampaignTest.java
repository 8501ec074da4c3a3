package io.mapdirect.sim.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.sim.Schedule;
import io.mapdirect.sim.Simulation;
import io.mapdirect.sim.Site;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The self-check campaign behind {@code ./mapdirect fuzz} (each case run twice, fingerprints must match). */
class DeterminismCampaignTest {

    @Test
    @DisplayName("a short campaign finds no failure and counts its cases, steps and outcomes")
    void shortCampaignPasses() {
        List<Long> seen = new ArrayList<>();
        DeterminismCampaign.Summary summary = DeterminismCampaign.run(5, 40, () -> true,
                (checked, soFar) -> seen.add(checked.simCase().seed()));
        assertThat(summary.cases()).isEqualTo(40);
        assertThat(summary.failures()).isEmpty();
        assertThat(summary.steps()).isPositive();
        assertThat(summary.outcomes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(40);
        assertThat(seen).hasSize(40).doesNotHaveDuplicates();
        assertThat(seen.get(0)).as("case 0 replays as its own one-case campaign").isEqualTo(5L);
    }

    @Test
    @DisplayName("the stop predicate is asked before every case after the first")
    void stopPredicateEndsTheCampaign() {
        int[] asked = new int[1];
        DeterminismCampaign.Summary summary = DeterminismCampaign.run(9, 0, () -> ++asked[0] < 3, (c, s) -> { });
        assertThat(summary.cases()).isEqualTo(3);
    }

    @Test
    @DisplayName("replaying a case by its seed regenerates the same program and schedule")
    void caseSeedsReplay() {
        long seed = DeterminismCampaign.caseSeed(77, 12);
        assertThat(SimProgramGenerator.generate(seed)).isEqualTo(SimProgramGenerator.generate(seed));
        assertThat(DeterminismCampaign.caseSeed(77, 12)).isNotEqualTo(DeterminismCampaign.caseSeed(77, 13));
    }

    @Test
    @DisplayName("firstDifference points at the first entry where two traces differ")
    void firstDifferenceNamesTheEntry() {
        Site step = Site.of("first difference step");
        Simulation plain = twoTasks(Schedule.none(), step);
        Simulation preempted = twoTasks(Schedule.of(0, 0, 1), step);
        String difference = CaseCheck.firstDifference(plain.trace(), preempted.trace());
        assertThat(difference).startsWith("first difference at entry 3:").contains("SWITCH -> B");
        assertThat(CaseCheck.firstDifference(plain.trace(), plain.trace())).isEqualTo("traces render identically");
    }

    private static Simulation twoTasks(Schedule schedule, Site step) {
        Simulation sim = new Simulation();
        sim.setSchedule(schedule);
        for (String name : List.of("A", "B")) {
            sim.spawn(name, () -> {
                for (int i = 0; i < 3; i++) {
                    sim.yieldPoint(step);
                }
            });
        }
        sim.run();
        return sim;
    }
}
