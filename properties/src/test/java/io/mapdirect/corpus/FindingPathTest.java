package io.mapdirect.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.check.InvariantId;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Runs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one path of a finding: first finding, confirmation, minimization, marking and writing. */
class FindingPathTest {
    private static Case faultCase() throws IOException {
        Path source = FoundCases.corpusRoot().resolve("cases/faults/lease-direct-check-first.case");
        return CorpusFiles.load(source).parsed().withExpect(Case.PASS);
    }

    @Test
    void aFindingIsConfirmedMinimizedMarkedAndWrittenAsAReplayableCase(@TempDir Path found) throws IOException {
        Case failing = faultCase();
        CaseResult first = Runs.runFindings(failing, true);
        InvariantId finding = FindingPath.firstFinding(failing, first);
        assertThat(finding).isEqualTo(InvariantId.REG_ON_BROKEN_REFUSED);
        assertThat(FindingPath.reproductionDifference(failing, first)).as("a deterministic run reproduces").isNull();

        Case shrunk = FindingPath.minimize(failing, finding);
        assertThat(shrunk.steps().size()).isLessThanOrEqualTo(failing.steps().size());
        assertThat(FindingPath.firstFinding(shrunk)).isEqualTo(finding);

        Case marked = FindingPath.mark(shrunk, finding, "found by a test", "found-by FindingPathTest");
        Path file = FindingPath.write(found, marked);
        assertThat(file.getFileName().toString()).isEqualTo(FoundCases.fileName(marked));
        Replay.Replayed replayed = Replay.run(CorpusFiles.load(file).parsed());
        assertThat(replayed.verdict().problems()).isEmpty();
        assertThat(replayed.verdict().violated()).contains(finding.name());
    }

    @Test
    void aDifferentRunIsReportedAsNotReproduced() throws IOException {
        Case failing = faultCase();
        Case other = CorpusFiles.load(FoundCases.corpusRoot().resolve("cases/faults/lease-err-path.case")).parsed();
        CaseResult otherResult = Runs.runFindings(other, true);
        assertThat(FindingPath.reproductionDifference(failing, otherResult)).startsWith("trace ");
    }

    @Test
    void findingsGoToTheFoundDirectoryTheSystemPropertyNamesElseToTheCorpusFoundDirectory(@TempDir Path elsewhere) {
        String before = System.getProperty(FoundCases.FOUND_PROPERTY);
        try {
            System.clearProperty(FoundCases.FOUND_PROPERTY);
            assertThat(FoundCases.foundDir()).isEqualTo(FoundCases.corpusRoot().resolve("found"));
            System.setProperty(FoundCases.FOUND_PROPERTY, elsewhere.toString());
            assertThat(FoundCases.foundDir()).isEqualTo(elsewhere);
        } finally {
            if (before == null) {
                System.clearProperty(FoundCases.FOUND_PROPERTY);
            } else {
                System.setProperty(FoundCases.FOUND_PROPERTY, before);
            }
        }
    }

    @Test
    void aPassingCaseHasNoFinding() throws IOException {
        Case passing = faultCase().withFaults(Set.of());
        assertThat(FindingPath.firstFinding(passing)).isNull();
    }
}
