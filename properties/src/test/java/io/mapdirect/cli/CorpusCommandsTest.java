package io.mapdirect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
        assertThat(replay.status()).as(replay.err()).isZero();
        assertThat(replay.err()).contains("ok        " + S2 + ": pass", "ok        " + LDCF + ": REG_ON_BROKEN_REFUSED");
        JsonNode json = replay.json();
        assertThat(json.get("cases").asInt()).isEqualTo(2);
        assertThat(json.get("passed").asInt()).isEqualTo(2);
        assertThat(json.get("failed").asInt() + json.get("malformed").asInt()).isZero();
        assertThat(json.get("results").get(1).get("file").asText()).isEqualTo(LDCF.toString());
        assertThat(json.get("results").get(1).get("actual").asText()).isEqualTo("REG_ON_BROKEN_REFUSED");
        assertThat(run("replay", S2.toString()).out()).contains("ok        " + S2 + ": pass");
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
        CommandRun json = run("replay", dir.toString(), "--json");
        assertThat(json.status()).isEqualTo(1);
        assertThat(json.json().get("results")).extracting(r -> r.get("status").asText())
                .containsExactly("failed", "malformed", "failed", "ok");
        assertThat(json.json().get("results").get(1).get("problems").get(0).asText())
                .startsWith(dir.resolve("b-bad.case") + ":16:5: unknown operation 'trunc'");
        CommandRun replay = run("replay", dir.toString());
        assertThat(replay.status()).isEqualTo(1);
        assertThat(replay.out()).contains("FAILED    " + dir.resolve("a-wrong.case") + ": expected NO_OOPS, got pass",
                "MALFORMED " + dir.resolve("b-bad.case") + ":16:5: unknown operation 'trunc'",
                "truncate(path=/xfs/f, len=0): expected 0 at t=2.000000000s, got 0 at t=1.000000000s",
                "ok        " + dir.resolve("d-good.case"),
                "replay: 4 cases, 1 met their expectation, 2 failed, 1 malformed");
    }

    @Test
    void replayReportsHugeAndBinaryInputAsOneMalformedLineEach(@TempDir Path dir) throws IOException {
        String s2 = Files.readString(S2);
        Files.writeString(dir.resolve("a-huge.case"), s2.replace("pmem=16", "pmem=2000000000"));
        Files.write(dir.resolve("b-binary.case"), new byte[] {'#', ' ', 't', '\n', 'a', (byte) 0xff, (byte) 0xfe, 0});
        Files.write(dir.resolve("c-nul.case"), "# title: x\n\0\0\0\n".getBytes(StandardCharsets.UTF_8));
        CommandRun replay = run("replay", dir.toString());
        assertThat(replay.status()).isEqualTo(1);
        assertThat(replay.err()).isEmpty();
        assertThat(replay.outLines()).containsExactly(
                "MALFORMED " + dir.resolve("a-huge.case") + ":7:33: pmem is 2000000000; the limit is 1 to 65536 4 KiB blocks",
                "MALFORMED " + dir.resolve("b-binary.case") + ":2:2: byte 0xFF at offset 5 is not UTF-8: a case is UTF-8 text"
                        + " (is this a binary file?)",
                "MALFORMED " + dir.resolve("c-nul.case") + ":2:1: control character U+0000: a case is text (is this a binary file?)",
                "replay: 3 cases, 0 met their expectation, 0 failed, 3 malformed");
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
        JsonNode json = fuzz.json();
        assertThat(json.get("campaign").asText()).isEqualTo("model");
        assertThat(json.get("seed").asLong()).isEqualTo(11);
        assertThat(json.get("shard").asText()).isEqualTo("0/2");
        assertThat(json.get("jobs").asInt()).isEqualTo(1);
        assertThat(json.get("cases").asLong()).isEqualTo(6);
        assertThat(json.get("steps").asLong()).isPositive();
        assertThat(json.get("failures").asInt()).isEqualTo(json.get("found").size());
        assertThat(json.has("seconds")).isTrue();
        assertThat(fuzz.err()).contains("fuzz: model campaign, seed 11, shard 0/2, 12 cases");
        CommandRun one = run("fuzz", "--seed", "11", "--case", "3", "--found", found.toString());
        assertThat(one.out()).startsWith("fuzz: seed 11 case 3 (REMAP): ");
        JsonNode oneJson = run("fuzz", "--seed", "11", "--case", "3", "--found", found.toString(), "--json").json();
        assertThat(oneJson.get("case").asLong()).isEqualTo(3);
        assertThat(oneJson.get("variant").asText()).isEqualTo("REMAP");
        assertThat(oneJson.get("finding").isNull()).isEqualTo(one.status() == 0);
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
