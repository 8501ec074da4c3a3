package io.mapdirect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.FoundCases;
import io.mapdirect.corpus.Replay;
import io.mapdirect.harness.Case;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mapdirect explore}: from the corpus case of LEASE_DIRECT_CHECK_FIRST (a registration
 * preempted between its "breaking" check and taking its lease) with its schedule ignored, the
 * explorer finds the violation at one preemption and prints a case that replays it; on the twin
 * (the same case, fault off) it finds none; the counts are the same on every run, pruned or not;
 * bad arguments give one error line.
 */
class ExploreCommandTest {
    private static final Path FAULT_CASE = FoundCases.corpusRoot().resolve("cases/faults/lease-direct-check-first.case");

    @TempDir
    Path dir;

    @Test
    @DisplayName("a race of one preemption is found at k=1 and the printed case replays with its expectation")
    void findsTheRace() throws IOException {
        CommandRun run = CommandRun.of("explore", FAULT_CASE.toString(), "--preemptions", "1", "--json");
        assertThat(run.status()).as(run.err()).isEqualTo(1);
        JsonNode json = run.json();
        JsonNode violation = json.get("violation");
        assertThat(violation.get("invariant").asText()).isEqualTo("REG_ON_BROKEN_REFUSED");
        assertThat(violation.get("preemptions").asInt()).isEqualTo(1);
        assertThat(json.get("schedulesByPreemptions").get(0).asInt()).as("the schedule without preemptions passes").isEqualTo(1);
        Path found = dir.resolve("found.case");
        Files.writeString(found, violation.get("case").asText(), StandardCharsets.UTF_8);
        Case replayed = CorpusFiles.load(found).parsed();
        assertThat(replayed.expect()).contains("REG_ON_BROKEN_REFUSED");
        assertThat(Replay.run(replayed).verdict().ok()).as(violation.get("case").asText()).isTrue();
        CommandRun replay = CommandRun.of("replay", found.toString());
        assertThat(replay.status()).as(replay.out() + replay.err()).isZero();
    }

    @Test
    @DisplayName("the twin, fault off, has no violating schedule within one preemption")
    void twinPasses() throws IOException {
        Path twin = dir.resolve("twin.case");
        Case faulty = CorpusFiles.load(FAULT_CASE).parsed();
        Files.writeString(twin, CaseWriter.write(Replay.faultsOff(faulty)), StandardCharsets.UTF_8);
        CommandRun run = CommandRun.of("explore", twin.toString(), "--preemptions", "1");
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("no violation within 1 preemption");
        assertThat(run.out()).containsPattern("schedules run: \\d+ \\(1 / \\d+ by preemptions\\)");
    }

    @Test
    @DisplayName("the same case gives the same counts every time; without pruning the same violation is found")
    void deterministic() {
        String[] args = {"explore", FAULT_CASE.toString(), "--preemptions", "1", "--json"};
        String first = CommandRun.of(args).out();
        assertThat(CommandRun.of(args).out()).isEqualTo(first);
        JsonNode unpruned = CommandRun.of("explore", FAULT_CASE.toString(), "--preemptions", "1", "--no-prune", "--json").json();
        assertThat(unpruned.get("prunedBranches").asInt()).isZero();
        assertThat(unpruned.get("violation").get("schedule").toString())
                .isEqualTo(CommandRun.of(args).json().get("violation").get("schedule").toString());
    }

    @Test
    @DisplayName("bad arguments give one error line naming what is wrong, and exit status 2")
    void badArguments() throws IOException {
        Path malformed = dir.resolve("bad.case");
        Files.writeString(malformed, "# title: x\nnot a line\n", StandardCharsets.UTF_8);
        for (String[] args : List.of(new String[] {"explore", FAULT_CASE.toString(), "--preemptions", "9"},
                new String[] {"explore", FAULT_CASE.toString(), "--max-schedules", "0"},
                new String[] {"explore", dir.resolve("missing.case").toString()},
                new String[] {"explore", malformed.toString()})) {
            CommandRun r = CommandRun.of(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().lines().toList()).as(String.join(" ", args)).hasSize(1)
                    .allMatch(l -> l.startsWith("mapdirect explore: "));
            assertThat(r.out()).isEmpty();
        }
    }
}
