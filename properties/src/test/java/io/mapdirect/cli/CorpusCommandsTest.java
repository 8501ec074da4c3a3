package io.mapdirect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.FoundCases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay, explain, minimize and the model fuzz campaign, through the command line. */
class CorpusCommandsTest {
    static final Path CASES = FoundCases.corpusRoot().resolve("cases");
    static final Path S2 = CASES.resolve("scenarios/s02-cooperative-holder.case");
    static final Path LDCF = CASES.resolve("faults/lease-direct-check-first.case");

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void everyCorpusCommandHasHelpAndRejectsBadArguments() {
        for (String command : List.of("replay", "explain", "minimize")) {
            CommandRun help = run(command, "--help");
            assertThat(help.status()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: mapdirect " + command);
            CommandRun bad = run(command, "--frobnicate", S2.toString());
            assertThat(bad.status()).as(command).isEqualTo(2);
            assertThat(bad.err().lines().toList()).as(command).hasSize(1);
        }
        assertThat(run("explain").status()).isEqualTo(2);
        assertThat(run("explain", S2.toString(), "--width", "3").status()).isEqualTo(2);
    }

    @Test
    void replayPrintsAVerdictPerCaseAndExitsZeroWhenAllMeetTheirExpectation() {
        CommandRun replay = run("replay", S2.toString(), LDCF.toString(), "--json");
        assertThat(replay.status()).as(replay.out()).isZero();
        assertThat(replay.out()).contains("ok        " + S2 + ": pass", "ok        " + LDCF + ": REG_ON_BROKEN_REFUSED");
        assertThat(replay.lastLine()).isEqualTo("{\"cases\":2,\"passed\":2,\"failed\":0,\"malformed\":0}");
        CommandRun faultsOff = run("replay", "--faults-off", LDCF.toString());
        assertThat(faultsOff.status()).isZero();
        assertThat(faultsOff.out()).contains(": pass");
    }

    @Test
    void replayFailsOnAWrongExpectationAndOnAMalformedFileButReportsEveryFile(@TempDir Path dir) throws IOException {
        String s2 = Files.readString(S2);
        Files.writeString(dir.resolve("a-wrong.case"), s2.replace("# expect: pass", "# expect: NO_OOPS"));
        Files.writeString(dir.resolve("b-bad.case"), s2.replace("truncate(", "trunc("));
        Files.writeString(dir.resolve("c-late.case"), s2.replace("=> 0 at 1s\np0: await", "=> 0 at 2s\np0: await"));
        Files.writeString(dir.resolve("d-good.case"), s2);
        CommandRun replay = run("replay", dir.toString());
        assertThat(replay.status()).isEqualTo(1);
        assertThat(replay.out()).contains("FAILED    " + dir.resolve("a-wrong.case") + ": expected NO_OOPS, got pass",
                "MALFORMED " + dir.resolve("b-bad.case") + ":16:5: unknown operation 'trunc'",
                "truncate(path=/xfs/f, len=0): expected 0 at t=2.000000000s, got 0 at t=1.000000000s",
                "ok        " + dir.resolve("d-good.case"),
                "replay: 4 cases, 1 met their expectation, 2 failed, 1 malformed");
    }

    @Test
    void replayOfAMissingFileIsAUsageError() {
        CommandRun replay = run("replay", "no/such.case");
        assertThat(replay.status()).isEqualTo(2);
        assertThat(replay.err().lines().toList()).hasSize(1);
        assertThat(replay.err()).contains("no such file or directory: no/such.case");
    }

    @Test
    void explainPrintsTheTimelineOfTheGoldenFile() throws IOException {
        CommandRun explain = run("explain", S2.toString());
        assertThat(explain.status()).isZero();
        String golden;
        try (var in = Objects.requireNonNull(getClass().getResourceAsStream("/golden/explain-s02.txt"))) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(explain.out()).isEqualTo(golden);
        assertThat(golden).contains("| truncate(path=/xfs/f, len=0) = 0", "SigioSent", "BreakerBlocked", "verdict: pass");
    }

    @Test
    void minimizeKeepsTheViolationAndDropsTheRest(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("min.case");
        CommandRun minimize = run("minimize", LDCF.toString(), "--output", out.toString());
        assertThat(minimize.status()).as(minimize.err()).isZero();
        assertThat(minimize.err()).contains("still violates [REG_ON_BROKEN_REFUSED]");
        CorpusFiles.Loaded original = CorpusFiles.load(LDCF);
        CorpusFiles.Loaded smaller = CorpusFiles.load(out);
        assertThat(smaller.ok()).isTrue();
        assertThat(smaller.parsed().steps().size()).isLessThanOrEqualTo(original.parsed().steps().size());
        assertThat(run("replay", out.toString()).status()).isZero();
        CommandRun passing = run("minimize", S2.toString());
        assertThat(passing.status()).isEqualTo(1);
        assertThat(passing.err()).contains("violates no invariant");
    }

    @Test
    void fuzzRunsTheModelCampaignWithAJsonSummary(@TempDir Path found) {
        CommandRun fuzz = run("fuzz", "--jobs", "1", "--cases", "12", "--seed", "11", "--shard", "0/2", "--found", found.toString(), "--json");
        assertThat(fuzz.lastLine()).startsWith("{\"campaign\":\"model\",\"seed\":11,\"shard\":\"0/2\",\"jobs\":1,\"cases\":6,")
                .contains("\"steps\":", "\"failures\":", "\"seconds\":");
        assertThat(fuzz.out()).contains("fuzz: model campaign, seed 11, shard 0/2, 12 cases");
        CommandRun one = run("fuzz", "--seed", "11", "--case", "3", "--found", found.toString());
        assertThat(one.out()).startsWith("fuzz: seed 11 case 3 (REMAP): ");
    }

    @Test
    void fuzzRejectsBadShards() {
        for (String shard : List.of("2/2", "x", "auto")) {
            CommandRun fuzz = run("fuzz", "--shard", shard, "--cases", "1");
            if (shard.equals("auto") && System.getenv("JOB_COMPLETION_INDEX") != null) {
                continue;
            }
            assertThat(fuzz.status()).as(shard).isEqualTo(2);
            assertThat(fuzz.err().lines().toList()).as(shard).hasSize(1);
        }
    }
}
