package io.mapdirect.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.gen.CaseGen;
import io.mapdirect.sim.StressTally;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real-thread stress mode on the model itself: CaseRunnerTest's S2 fixture and a few generated v8
 * cases run again and again with every actor on its own platform thread ({@link CaseRunner#runThreaded}),
 * the invariants checked as events happen and at the quiescent points (end of run, after the reaper), as
 * a {@link StressCampaign}. It fails when a run violates an invariant ("k of N runs violated INVARIANT",
 * with the seed, the case and the replay commands) or when no run could be judged; what the runs' outcomes
 * were (crashes, hangs, lost wake-ups, deadlocks) and why a run could not be judged are printed as "k of N
 * runs", like syzkaller does. Also asserted: no thread outlives a run that did not hang. A case that
 * crashes the machine on purpose (its {@code crash} step stops the run) is judged by its durability checks.
 *
 * <p>{@value #RUNS_PROPERTY} sets the number of runs ({@value #DEFAULT_RUNS}); {@value #CASE_PROPERTY}
 * runs only that case of the list and {@value #SEED_PROPERTY} sets the first run's perturbation seed
 * (run {@code r} uses seed + r): the replay command of a violation sets both.
 */
@Tag("stress")
class CaseStressTest {
    static final String RUNS_PROPERTY = "mapdirect.stress.runs";
    static final String CASE_PROPERTY = "mapdirect.stress.case";
    static final String SEED_PROPERTY = "mapdirect.stress.seed";
    static final int DEFAULT_RUNS = 280;
    private static final int GENERATED_CASES = 6;

    /** S2 and the first generated v8 cases of seed 20171013. */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(CaseRunnerTest.s2(Set.of()));
        Iterator<Case> generated = CaseSampler.stream(CaseGen.cases(Variant.V8, Set.of()), "20171013");
        for (int i = 0; i < GENERATED_CASES; i++) {
            cases.add(generated.next());
        }
        return cases;
    }

    static String replayCommand(int caseIndex, long seed) {
        return "mvn -B -q -pl properties -am test -Dtest=CaseStressTest -Dsurefire.failIfNoSpecifiedTests=false -D"
                + CASE_PROPERTY + "=" + caseIndex + " -D" + SEED_PROPERTY + "=" + seed + " -D" + RUNS_PROPERTY + "=200";
    }

    @Test
    @DisplayName("stress: S2 and generated v8 cases on real threads violate no invariant (k of N runs)")
    void casesOnRealThreads() {
        List<Case> cases = cases();
        CaseRunner.Options options = new CaseRunner.Options(false, Runs.rdmaBridge(), () -> Runs.findingInvariants(Variant.V8));
        StressCampaign campaign = new StressCampaign("CaseStressTest (S2 + " + GENERATED_CASES + " generated v8 cases, threaded)",
                cases, options, Duration.ofSeconds(10), Path.of("target", "stress-cases"), CaseStressTest::replayCommand);
        int runs = Integer.getInteger(RUNS_PROPERTY, DEFAULT_RUNS);
        Integer onlyCase = Integer.getInteger(CASE_PROPERTY);
        long firstSeed = Long.getLong(SEED_PROPERTY, 0);
        for (int run = 0; run < runs; run++) {
            int caseIndex = onlyCase != null ? onlyCase : run % cases.size();
            CaseResult result = campaign.run(caseIndex, firstSeed + run);
            if (result != null && !"hang (wall-clock limit)".equals(StressTally.classify(result.lastOutcome()))) {
                assertThat(result.world().sim().liveTaskThreads()).as("threads alive after run %d (case %d, seed %d)",
                        run, caseIndex, firstSeed + run).isEmpty();
            }
        }
        System.out.println(campaign.report());
        campaign.failure().ifPresent(Assertions::fail);
    }
}
