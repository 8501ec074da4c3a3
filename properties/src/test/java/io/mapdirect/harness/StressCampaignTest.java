package io.mapdirect.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.check.CheckContext;
import io.mapdirect.check.Invariant;
import io.mapdirect.check.InvariantId;
import io.mapdirect.corpus.CaseParser;
import io.mapdirect.corpus.CorpusException;
import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.FoundCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stress campaign's verdict can fail: a corpus case whose known bug breaks an invariant, run on
 * real threads, makes {@link StressCampaign#failure} name that invariant as "k of N runs violated"
 * (the campaign is told nothing of the fault: the case's invariants judge it, and the expected
 * invariant is read from the case's {@code expect:} line), while its near twin with the fault off
 * passes; runs that cannot be judged (a deadlock, checkers that throw) are counted with their reason,
 * and a campaign none of whose runs could be judged fails.
 */
@Tag("stress")
class StressCampaignTest {
    private static final int RUNS = 12;
    private static final Path FAULT_CASE = FoundCases.corpusRoot().resolve("cases/faults/identity-has-iommu.case");

    /**
     * A truncate that breaks an F_LAYOUT lease with lease-break-time 0 waits for ever: every run deadlocks
     * (p1 sleeps first, so that on real threads too the lease is taken before the truncate).
     */
    private static final String DEADLOCK = """
            # title: a breaker waits for ever on an F_LAYOUT lease with lease-break-time 0
            # variant: LAYOUT_LEASE_RFC
            # expect: BREAK_BOUNDED

            world lease_break_time=0s pmem=12 dax=on
            file /xfs/f owner=1000 blocks=WWWW
            process p0 uid=1000
            process p1 uid=1001

            p0: r0 = open(path=/xfs/f, flags=O_RDWR)
            p0: setlease(fd=r0, type=F_RDLCK|F_LAYOUT)
            p1: sleep(for=1s)
            p1: truncate(path=/xfs/f, len=0)

            schedule:
            """;

    @TempDir
    Path found;

    private StressCampaign campaign(Case c, Supplier<List<Invariant>> invariants) {
        CaseRunner.Options options = new CaseRunner.Options(false, Runs.rdmaBridge(), invariants);
        return new StressCampaign("StressCampaignTest", List.of(c), options, Duration.ofSeconds(10), found,
                (caseIndex, seed) -> "(replay of case " + caseIndex + " from seed " + seed + ")");
    }

    private static StressCampaign runAll(StressCampaign campaign, int runs) {
        for (int run = 0; run < runs; run++) {
            campaign.run(0, run);
        }
        return campaign;
    }

    private static Case faultCase() throws IOException, CorpusException {
        return CorpusFiles.parse(FAULT_CASE.toString(), Files.readAllBytes(FAULT_CASE));
    }

    @Test
    @DisplayName("a known bug's corpus case on real threads fails the campaign with k of N runs violated, the seed, the case and its replay")
    void aViolatedInvariantFailsTheCampaign() throws IOException, CorpusException {
        Case c = faultCase();
        assertThat(c.faults()).as("the witness has a known bug on").isNotEmpty();
        InvariantId expected = InvariantId.valueOf(c.expect());
        StressCampaign campaign = runAll(campaign(c, () -> Runs.findingInvariants(c.variant())), RUNS);

        assertThat(campaign.violatedCounts()).containsKey(expected);
        String failure = campaign.failure().orElseThrow();
        assertThat(failure).contains(campaign.violatedCounts().get(expected) + " of " + RUNS + " runs violated " + expected)
                .contains("seed ", "case 0 '" + c.title() + "'", "(replay of case 0 from seed ", "./mapdirect replay " + found);
        try (var written = Files.list(found)) {
            Path file = written.findFirst().orElseThrow();
            Case replayed = CorpusFiles.parse(file.toString(), Files.readAllBytes(file));
            assertThat(Runs.runFindings(replayed, false).violated(expected)).as("the written case replays the violation").isTrue();
        }
    }

    @Test
    @DisplayName("its near twin, the same case with the fault off, passes the campaign: every run judged, none violated")
    void theTwinWithoutTheFaultPasses() throws IOException, CorpusException {
        Case twin = faultCase().withFaults(Set.of());
        StressCampaign campaign = runAll(campaign(twin, () -> Runs.findingInvariants(twin.variant())), RUNS);

        assertThat(campaign.failure()).as(campaign.report()).isEmpty();
        assertThat(campaign.violatedCounts()).isEmpty();
        assertThat(campaign.unjudgeable()).isZero();
    }

    @Test
    @DisplayName("runs that deadlock are unjudgeable, counted with the reason; a campaign of only those fails")
    void aCampaignWithNoJudgedRunFails() throws CorpusException {
        Case deadlock = CaseParser.parse("deadlock.case", DEADLOCK);
        StressCampaign campaign = runAll(campaign(deadlock, () -> Runs.findingInvariants(deadlock.variant())), 3);

        assertThat(campaign.unjudgeable()).as(campaign.report()).isEqualTo(3);
        assertThat(campaign.violatedCounts()).as("a deadlock's BREAK_BOUNDED is not counted on real threads").isEmpty();
        assertThat(campaign.report()).contains("unjudgeable, 3 of 3 runs: did not quiesce: deadlock");
        assertThat(campaign.failure().orElseThrow()).contains("all 3 runs were unjudgeable: did not quiesce: deadlock");
    }

    @Test
    @DisplayName("checkers that throw at a quiescent point make the run unjudgeable, and say so")
    void checkersThatThrowMakeARunUnjudgeable() throws IOException, CorpusException {
        Case twin = faultCase().withFaults(Set.of());
        Supplier<List<Invariant>> throwing = () -> {
            List<Invariant> invariants = new ArrayList<>(Runs.findingInvariants(twin.variant()));
            invariants.add(new ThrowsAtEnd());
            return invariants;
        };
        StressCampaign campaign = runAll(campaign(twin, throwing), 2);

        assertThat(campaign.unjudgeable()).isEqualTo(2);
        assertThat(campaign.failure().orElseThrow())
                .contains("all 2 runs were unjudgeable: the checkers could not run: IllegalStateException");
    }

    /** A checker that cannot check the end state. */
    private static final class ThrowsAtEnd implements Invariant {
        @Override
        public InvariantId id() {
            return InvariantId.NO_LEAK;
        }

        @Override
        public void atEnd(CheckContext ctx) {
            throw new IllegalStateException("this checker cannot read the end state");
        }
    }
}
