package io.mapdirect.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.check.InvariantId;
import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.FoundCases;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.CaseSampler;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.Variant;
import io.mapdirect.sim.PctPlan;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PCT schedules: a plan compiled into a list replays the very run the plan made (same trace
 * fingerprint), the generator's PCT cases are ordinary cases whose lists replay the same way, and a
 * depth-2 plan (one change point) finds the one-preemption race of LEASE_DIRECT_CHECK_FIRST's corpus
 * case, judged by its invariant, while a depth-1 plan (priorities only) cannot preempt the registration.
 */
class PctSchedulesTest {
    private static final Path RACE = FoundCases.corpusRoot().resolve("cases/faults/lease-direct-check-first.case");

    @Test
    @DisplayName("the compiled list replays the run the PCT plan made, trace for trace")
    void compiledListReplaysThePlan() {
        Iterator<Case> cases = CaseSampler.stream(CaseGen.cases(Variant.V8, Set.of()), "20171013");
        Iterator<PctPlan> plans = CaseSampler.stream(PctSchedules.plans(), "20171013");
        for (int i = 0; i < 12; i++) {
            Case c = cases.next();
            PctPlan plan = plans.next();
            io.mapdirect.sim.Schedule pct = io.mapdirect.sim.Schedule.pct(plan);
            CaseResult underPlan = Runs.runUnder(c, pct);
            CaseResult underList = Runs.runWith(c.withSchedule(pct.choicesMade()), List::of);
            assertThat(underList.fingerprint()).as("case %d under %s", i, plan).isEqualTo(underPlan.fingerprint());
            assertThat(PctSchedules.compile(c, plan).schedule()).isEqualTo(pct.choicesMade());
        }
    }

    @Test
    @DisplayName("the generator's PCT share: the same seed gives the same cases, and 0% is the generator unchanged")
    void mixIsDeterministic() {
        Iterator<Case> a = CaseSampler.stream(CaseGen.cases(Variant.V8, Set.of(), 50), "7");
        Iterator<Case> b = CaseSampler.stream(CaseGen.cases(Variant.V8, Set.of(), 50), "7");
        Iterator<Case> plain = CaseSampler.stream(CaseGen.cases(Variant.V8, Set.of()), "7");
        Iterator<Case> zero = CaseSampler.stream(CaseGen.cases(Variant.V8, Set.of(), 0), "7");
        for (int i = 0; i < 6; i++) {
            assertThat(a.next()).isEqualTo(b.next());
            assertThat(zero.next()).isEqualTo(plain.next());
        }
    }

    @Test
    @DisplayName("a change point finds the race of one preemption; priorities alone never preempt the registration")
    void depthTwoFindsTheRace() {
        Case race = CorpusFiles.load(RACE).parsed();
        Iterator<PctPlan> plans = CaseSampler.stream(PctSchedules.plans(), "1");
        int depthTwoHits = 0;
        int depthOneHits = 0;
        for (int i = 0; i < 300; i++) {
            PctPlan plan = plans.next();
            boolean hit = Runs.runFindings(PctSchedules.compile(race, plan), true).violated(InvariantId.REG_ON_BROKEN_REFUSED);
            if (plan.depth() == 1 && hit) {
                depthOneHits++;
            }
            if (plan.depth() == 2 && hit) {
                depthTwoHits++;
            }
        }
        assertThat(depthTwoHits).isPositive();
        assertThat(depthOneHits).isZero();
    }
}
