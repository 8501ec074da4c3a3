package io.mapdirect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of {@code ./mapdirect fuzz} on its defaults: on a healthy model it exits 0 and writes
 * nothing, so exit 1 always means a finding a person must look at. Main's {@code fuzz} runs in this
 * process with its default case count ({@link FuzzCommand#DEFAULT_CASES}, no {@code --cases}) for a few
 * fixed seeds, one job, findings into a temporary folder. A case depends only on the seed and its index,
 * so this cannot flake; a seed that fails here is a finding: replay it with the command in the message
 * and triage it (docs/cli.md, "Exit status").
 */
class FuzzDefaultsTest {
    static final List<Long> SEEDS = List.of(1L, 20171006L, 5579531842755513049L);

    @Test
    void defaultCampaignOnAHealthyModelExitsZeroAndFindsNothing(@TempDir Path found) throws IOException {
        for (long seed : SEEDS) {
            Path dir = Files.createDirectories(found.resolve(Long.toString(seed)));
            CommandRun run = CommandRun.of("fuzz", "--seed", Long.toString(seed), "--jobs", "1", "--found", dir.toString(),
                    "--json");
            String replay = "seed " + seed + " — replay: ./mapdirect fuzz --seed " + seed + "\n";
            assertThat(run.status()).as(replay + run.err()).isZero();
            JsonNode json = run.json();
            assertThat(json.get("cases").asLong()).as(replay).isEqualTo(FuzzCommand.DEFAULT_CASES);
            assertThat(json.get("failures").asInt()).as(replay + run.err()).isZero();
            try (Stream<Path> written = Files.list(dir)) {
                assertThat(written.toList()).as(replay + run.err()).isEmpty();
            }
        }
    }
}
