package io.mapdirect.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.gen.CaseMutator;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Runs;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage feedback: a case's coverage keys come from its run, mutants are a function of their random
 * source and always writable when the campaign runs them, and a feedback campaign is deterministic and
 * runs mutants once it has kept a case.
 */
class FeedbackTest {
    @Test
    void aCaseReachesCallResultsAndTransitionsOfItsOwnRun() {
        int withCalls = 0;
        for (long k = 0; k < 10; k++) {
            Case c = new CampaignCases(3).caseAt(k);
            Set<String> texts = new HashSet<>();
            CaseCoverage.of(Runs.runFindings(c, true)).forEach(key -> texts.add(key.text()));
            Set<String> opNames = new HashSet<>();
            c.steps().forEach(step -> opNames.add(step.op().getClass().getSimpleName()));
            assertThat(texts).filteredOn(text -> text.startsWith(CaseCoverage.CALL))
                    .allMatch(text -> opNames.contains(text.substring(CaseCoverage.CALL.length()).split(" -> ")[0]));
            assertThat(texts).anyMatch(text -> text.startsWith(CaseCoverage.TRANSITION));
            assertThat(CaseCoverage.count(texts, CaseCoverage.CALL) + CaseCoverage.count(texts, CaseCoverage.TRANSITION))
                    .isEqualTo(texts.size());
            withCalls += CaseCoverage.count(texts, CaseCoverage.CALL) > 0 ? 1 : 0;
        }
        assertThat(withCalls).as("cases of 10 with call x result keys (a case whose machine crashes at 0 has none)")
                .isGreaterThan(5);
    }

    @Test
    void aMutantIsAFunctionOfItsRandomSourceAndDiffersFromTheKeptCase() {
        CampaignCases cases = new CampaignCases(11);
        int differing = 0;
        for (long k = 0; k < 40; k++) {
            Case kept = cases.caseAt(k);
            Case donor = cases.caseAt(k + 7);
            Case first = CaseMutator.mutate(kept, donor, new Random(k));
            Case again = CaseMutator.mutate(kept, donor, new Random(k));
            assertThat(CaseWriter.write(again)).isEqualTo(CaseWriter.write(first));
            differing += CaseWriter.write(first).equals(CaseWriter.write(kept)) ? 0 : 1;
        }
        assertThat(differing).as("mutants that differ from their kept case, of 40").isGreaterThan(30);
    }

    @Test
    void aMutantTheFormatCannotHoldIsNotRun() {
        Case kept = new CampaignCases(11).caseAt(0);
        assertThat(Campaign.writable(kept)).isTrue();
        Case tooLong = kept.withSchedule(new int[] {1_000_000});
        assertThat(Campaign.writable(tooLong)).as("a schedule choice above the format's limit").isFalse();
    }

    @Test
    void aFeedbackCampaignIsDeterministicAndRunsMutants(@TempDir Path found) {
        Campaign.Stats first = new Campaign(5, Shard.ALL, found, true).run(300, () -> true, (soFar, finding) -> { });
        Campaign.Stats second = new Campaign(5, Shard.ALL, found, true).run(300, () -> true, (soFar, finding) -> { });
        Campaign.Stats plain = new Campaign(5, Shard.ALL, found, false).run(300, () -> true, (soFar, finding) -> { });
        assertThat(first.mutants()).as("mutants among 300 cases").isGreaterThan(100);
        assertThat(plain.mutants()).isZero();
        assertThat(List.of(second.digest(), second.steps(), second.coverage()))
                .isEqualTo(List.of(first.digest(), first.steps(), first.coverage()));
        assertThat(first.digest()).as("mutants ran instead of generated cases").isNotEqualTo(plain.digest());
        assertThat(first.calls()).isPositive();
        assertThat(first.transitions()).isPositive();
    }
}
