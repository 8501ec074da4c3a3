package io.mapdirect.props;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.check.InvariantId;
import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.FindingPath;
import io.mapdirect.corpus.FoundCases;
import io.mapdirect.corpus.Replay;
import io.mapdirect.harness.Case;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a failing property writes into {@code found/} (the header {@link FoundCaseHook} gives it, the
 * invariant {@link SuiteCheck} finds) is a corpus case that replays with that verdict, so promoting
 * it is a {@code git mv}.
 */
class FoundCaseReplayTest {
    @Test
    void aPropertyFindingWrittenToFoundReplays(@TempDir Path found) throws IOException {
        Path source = FoundCases.corpusRoot().resolve("cases/faults/lease-direct-check-first.case");
        Case failing = CorpusFiles.load(source).parsed().withExpect(Case.PASS);
        InvariantId invariant = SuiteCheck.firstFindingOf(failing);
        assertThat(invariant).isEqualTo(InvariantId.REG_ON_BROKEN_REFUSED);
        Case written = SuiteCheck.mark(failing, invariant, "v8HoldsEveryInvariant", "20171006");
        assertThat(written.provenance()).isEqualTo("found-by v8HoldsEveryInvariant seed 20171006");
        Path file = FindingPath.write(found, written);
        assertThat(file.getFileName().toString()).isEqualTo(FoundCases.fileName(written)).matches("[0-9a-f]{16}\\.case");
        assertThat(FoundCases.write(found, written)).as("the same finding, the same file").isEqualTo(file);
        List<CorpusFiles.Loaded> loaded = CorpusFiles.loadAll(List.of(found));
        assertThat(loaded).hasSize(1);
        assertThat(loaded.get(0).parsed()).isEqualTo(written);
        Replay.Replayed replayed = Replay.run(loaded.get(0).parsed());
        assertThat(replayed.verdict().problems()).isEmpty();
        assertThat(replayed.verdict().violated()).contains("REG_ON_BROKEN_REFUSED");
    }
}
