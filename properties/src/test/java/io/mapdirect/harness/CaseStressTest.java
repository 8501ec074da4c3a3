package io.mapdirect.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.check.Violation;
import io.mapdirect.gen.CaseGen;
import io.mapdirect.sim.RunOutcome;
import io.mapdirect.sim.StressTally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real-thread stress mode on the model itself: CaseRunnerTest's S2 fixture and a few generated v8
 * cases run again and again with every actor on its own platform thread ({@link CaseRunner#runThreaded}),
 * the invariants checked at the quiescent points (end of run, after the reaper). Findings (crashes, hangs,
 * lost wake-ups, deadlocks, violated invariants) are reported as "k of N runs", like syzkaller does. It runs
 * a few seconds ({@code -Dmapdirect.stress.seconds=90} for longer) and asserts only what is stable: every
 * run ends with an outcome and no thread outlives a run that did not hang. A case that crashes the machine
 * on purpose (its {@code crash} step stops the run) is not a finding.
 */
@Tag("stress")
class CaseStressTest {
    private static final int GENERATED_CASES = 6;

    @Test
    @DisplayName("stress: S2 and generated v8 cases on real threads; findings as k of N runs")
    void casesOnRealThreads() {
        List<Case> cases = new ArrayList<>();
        cases.add(CaseRunnerTest.s2(Set.of()));
        Iterator<Case> generated = CaseSampler.stream(CaseGen.cases(Variant.V8, Set.of()), "20171013");
        for (int i = 0; i < GENERATED_CASES; i++) {
            cases.add(generated.next());
        }
        CaseRunner.Options options = new CaseRunner.Options(false, Runs.rdmaBridge(), () -> Runs.findingInvariants(Variant.V8));
        StressTally tally = new StressTally("CaseStressTest (S2 + " + GENERATED_CASES + " generated v8 cases, threaded)");
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.getLong("mapdirect.stress.seconds", 4)).toNanos();
        for (int run = 0; run < cases.size() * 2 || System.nanoTime() < deadline; run++) {
            Case c = cases.get(run % cases.size());
            String example = "case " + c.title() + " (run " + run + ")";
            CaseResult result;
            try {
                result = CaseRunner.runThreaded(c, options, Duration.ofSeconds(10), run);
            } catch (RuntimeException | AssertionError e) {
                tally.add(new RunOutcome.Crashed("the harness at a quiescent point", e), example);
                continue;
            }
            boolean crashStop = result.outcome() instanceof RunOutcome.Stopped stopped && stopped.reason().equals(CaseRunner.CRASH);
            String finding = tally.add(crashStop ? new RunOutcome.Completed() : result.outcome(), example);
            for (Violation violation : result.violations()) {
                tally.addFinding("invariant " + violation.id() + " violated", example + ": " + violation.message());
            }
            assertThat(result.outcome()).as(example).isNotNull();
            if (finding == null || !finding.startsWith("hang")) {
                assertThat(result.world().sim().liveTaskThreads()).as("threads alive after %s (%s)", example, finding).isEmpty();
            }
        }
        System.out.println(tally.render());
        assertThat(tally.runs()).isGreaterThanOrEqualTo(cases.size() * 2);
    }
}
