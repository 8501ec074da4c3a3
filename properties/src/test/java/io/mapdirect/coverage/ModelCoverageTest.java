package io.mapdirect.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.FoundCases;
import io.mapdirect.harness.Runs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model coverage counts what a run reached and lists what it never reached. */
class ModelCoverageTest {
    @Test
    void theCooperativeHolderScenarioReachesItsCallsAndTransitions(@TempDir Path dir) throws IOException {
        ModelCoverage coverage = new ModelCoverage();
        Path s2 = FoundCases.corpusRoot().resolve("cases/scenarios/s02-cooperative-holder.case");
        coverage.record(Runs.run(CorpusFiles.load(s2).parsed(), false));
        assertThat(coverage.runs()).isEqualTo(1);
        assertThat(coverage.calls("truncate", "ok")).isEqualTo(1);
        assertThat(coverage.calls("truncate", "EINTR")).isZero();
        assertThat(coverage.transitions(Machine.LAYOUT_LEASE, "none -> active")).isEqualTo(1);
        assertThat(coverage.transitions(Machine.LAYOUT_LEASE, "active -> breaking")).isEqualTo(1);
        assertThat(coverage.transitions(Machine.LAYOUT_LEASE, "breaking -> removed")).isEqualTo(1);
        assertThat(coverage.transitions(Machine.MR, "none -> registered")).isZero();
        ModelCoverageReport.write(coverage, dir);
        String csv = Files.readString(dir.resolve("model-coverage.csv"));
        assertThat(csv).startsWith("kind,subject,item,count\n")
                .contains("call,truncate,ok,1\n", "call,truncate,EINTR,0\n",
                        "transition,layout_lease,active -> breaking,1\n", "transition,mr,none -> registered,0\n");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("<h1>Model coverage</h1>", "1 case runs.",
                "<th>truncate</th>", "mr transitions");
    }
}
