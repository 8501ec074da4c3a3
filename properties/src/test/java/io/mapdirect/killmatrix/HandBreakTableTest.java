package io.mapdirect.killmatrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.check.InvariantId;
import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.FoundCases;
import io.mapdirect.harness.Case;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.TestFault;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hand-breaks' rows: one per hand-break test fault, in the order of their numbers, none a known
 * bug's; the known bugs' table is untouched; and every hand-break has a case under {@code fuzz-corpus/cases/hand-breaks/} that switches it on alone and expects the
 * row's invariant ({@code CorpusReplayTest} replays it with the fault, where the invariant must fire,
 * and with it off, where the case must pass).
 */
class HandBreakTableTest {
    @Test
    void oneRowPerHandBreakInNumberOrder() {
        List<TestFault> handBreaks = Arrays.stream(TestFault.values()).filter(TestFault::isHandBreak).toList();
        assertThat(KillMatrix.HAND_BREAKS).extracting(KillRow::fault).containsExactlyInAnyOrderElementsOf(handBreaks);
        assertThat(KillMatrix.HAND_BREAKS).extracting(r -> ((TestFault) r.fault()).handBreak())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertThat(KillMatrix.HAND_BREAKS_CI).isSubsetOf(KillMatrix.HAND_BREAKS);
    }

    @Test
    void theKnownBugsTableIsEveryKnownBugOnce() {
        assertThat(KillMatrix.TABLE).extracting(KillRow::fault).containsExactly((io.mapdirect.kernel.InjectedFault[]) KnownBug.values());
    }

    @Test
    void everyHandBreakTheModelCanExposeHasACase() {
        List<Case> cases = CorpusFiles.loadAll(List.of(FoundCases.corpusRoot().resolve("cases").resolve("hand-breaks")))
                .stream().map(CorpusFiles.Loaded::parsed).toList();
        for (KillRow row : KillMatrix.HAND_BREAKS) {
            List<Case> mine = cases.stream().filter(c -> c.testFaults().equals(Set.of((TestFault) row.fault()))).toList();
            assertThat(mine).as("a case under cases/hand-breaks/ with only " + row.fault() + " on").isNotEmpty();
            assertThat(mine).as(row.fault() + "'s case expects " + row.expected())
                    .anyMatch(c -> Arrays.stream(c.expect().split(", ")).map(InvariantId::valueOf)
                            .anyMatch(id -> id == row.expected()) && c.faults().isEmpty() && c.variant() == row.variant());
        }
    }
}
