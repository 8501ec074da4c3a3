package io.mapdirect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.harness.Case;
import io.mapdirect.kernel.TestFault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mapdirect hunt} on one fault the generator finds quickly, from two seeds: the table agrees
 * with the JSON, the same options give the same output, a budget too small to find the fault reports a
 * miss and exits 1, and bad arguments give one error line.
 */
class HuntCommandTest {
    private static final String[] SMALL = {"hunt", "--jobs", "1", "--fault", "IDENTITY_HAS_IOMMU", "--seeds", "2", "--budget",
        "300"};

    private static String[] with(String... extra) {
        String[] args = java.util.Arrays.copyOf(SMALL, SMALL.length + extra.length);
        System.arraycopy(extra, 0, args, SMALL.length, extra.length);
        return args;
    }

    @Test
    @DisplayName("a fault found from both seeds: one table row, exit 0, and the JSON names the same tries")
    void tableAndJsonAgree() {
        CommandRun text = CommandRun.of(SMALL);
        CommandRun json = CommandRun.of(with("--json"));
        assertThat(text.status()).as(text.err()).isZero();
        Matcher row = Pattern.compile("(?m)^IDENTITY_HAS_IOMMU +V7 +DAX_REG_NEEDS_IOMMU +2/2 +(\\d+) +(\\d+)-(\\d+) +(\\d+) ")
                .matcher(text.out());
        assertThat(row.find()).as(text.out()).isTrue();
        assertThat(json.status()).isZero();
        assertThat(json.outLines()).as("--json prints JSON alone").hasSize(1);
        String object = json.out().strip();
        assertThat(object).startsWith("{\"command\":\"hunt\",\"seeds\":[\"20171001\",\"20171002\"],\"budget\":300,")
                .contains("\"fault\":\"IDENTITY_HAS_IOMMU\"", "\"detected\":2", "\"medianTries\":" + row.group(1) + ",",
                        "\"medianShrunkOps\":" + row.group(4) + ",")
                .endsWith("\"allDetected\":true}");
        Matcher tries = Pattern.compile("\"triesPerSeed\":\\[(\\d+),(\\d+)]").matcher(object);
        assertThat(tries.find()).isTrue();
        int a = Integer.parseInt(tries.group(1));
        int b = Integer.parseInt(tries.group(2));
        assertThat(row.group(2) + "-" + row.group(3)).isEqualTo(Math.min(a, b) + "-" + Math.max(a, b));
        assertThat(Integer.parseInt(row.group(1))).as("median of two: their mean, rounded half to even")
                .isEqualTo((int) Math.rint((a + b) / 2.0));
    }

    @Test
    @DisplayName("--jobs 2 runs the hunts in two worker JVMs and prints exactly what one process prints")
    void twoJobsPrintWhatOneJobPrints() {
        String[] args = {"hunt", "--fault", "IDENTITY_HAS_IOMMU,LEASE_DIRECT_CHECK_FIRST", "--seeds", "2", "--budget", "40",
            "--json"};
        CommandRun one = CommandRun.of(concat(args, "--jobs", "1"));
        CommandRun two = CommandRun.of(concat(args, "--jobs", "2"));
        assertThat(two.status()).as(two.err()).isEqualTo(one.status());
        assertThat(two.out()).isEqualTo(one.out()).contains("\"fault\":\"LEASE_DIRECT_CHECK_FIRST\"");
        assertThat(two.err()).contains("hunt: IDENTITY_HAS_IOMMU found from", "hunt: LEASE_DIRECT_CHECK_FIRST found from");
    }

    private static String[] concat(String[] args, String... extra) {
        String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return all;
    }

    @Test
    @DisplayName("the same options give the same output")
    void deterministic() {
        assertThat(CommandRun.of(with("--json")).out()).isEqualTo(CommandRun.of(with("--json")).out());
    }

    @Test
    @DisplayName("a budget of one try misses the fault from some seed: a dash or a miss in the table, exit 1")
    void missReported() {
        CommandRun json = CommandRun.of("hunt", "--jobs", "1", "--fault", "LEASE_DIRECT_CHECK_FIRST", "--seeds", "1",
                "--budget", "1", "--json");
        assertThat(json.status()).isEqualTo(1);
        assertThat(json.out().strip()).contains("\"detected\":0", "\"medianTries\":null", "\"triesPerSeed\":[null]")
                .endsWith("\"allDetected\":false}");
        CommandRun text = CommandRun.of("hunt", "--jobs", "1", "--fault", "LEASE_DIRECT_CHECK_FIRST", "--seeds", "1",
                "--budget", "1");
        assertThat(text.out()).contains("0/1", ">1", "some fault missed");
    }

    @Test
    @DisplayName("a hand-break by name: its row, and --save-cases writes the minimized case that the corpus parser reads back")
    void handBreakSaved(@TempDir Path dir) throws Exception {
        CommandRun run = CommandRun.of("hunt", "--jobs", "1", "--fault", "LEASE_UNLOCK_KEEPS_FASYNC", "--seeds", "1",
                "--budget", "50", "--save-cases", dir.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^LEASE_UNLOCK_KEEPS_FASYNC +V8 +NO_LEAK +1/1 ");
        Path saved = dir.resolve("lease-unlock-keeps-fasync.case");
        Case c = CorpusFiles.parse(saved.toString(), Files.readAllBytes(saved));
        assertThat(c.testFaults()).containsExactly(TestFault.LEASE_UNLOCK_KEEPS_FASYNC);
        assertThat(c.expect()).contains("NO_LEAK");
    }

    @Test
    @DisplayName("--hand-breaks hunts the hand-breaks' table")
    void handBreakTable() {
        CommandRun run = CommandRun.of("hunt", "--jobs", "2", "--hand-breaks", "--seeds", "1", "--budget", "1", "--json");
        assertThat(run.out()).contains("\"fault\":\"IOMMU_UNMAP_SKIPS_IOTLB\"", "\"fault\":\"FORK_NO_GET_FILE\"")
                .doesNotContain("DEVDAX_KILL_NO_BREAK");
    }

    @Test
    @DisplayName("--pct gives a share of the cases PCT schedules: the fault is still found, and the report says the share")
    void pctShare() {
        CommandRun json = CommandRun.of(with("--pct", "50", "--json"));
        assertThat(json.status()).as(json.err()).isZero();
        assertThat(json.json().get("pctPercent").asInt()).isEqualTo(50);
        assertThat(json.json().get("faults").get(0).get("detected").asInt()).isEqualTo(2);
        assertThat(CommandRun.of(with("--pct", "50")).out()).contains("50% of cases with PCT schedules");
    }

    @Test
    @DisplayName("hunt --help names every option and the top command lists it")
    void help() {
        CommandRun help = CommandRun.of("hunt", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: mapdirect hunt", "--fault", "--seeds", "--first-seed", "--budget", "--json",
                "--jobs", "--hand-breaks", "--save-cases", "DEVDAX_KILL_NO_BREAK", "FORK_NO_GET_FILE");
        assertThat(CommandRun.of("--help").out()).contains("hunt");
    }

    @Test
    @DisplayName("bad arguments give one error line naming the option, and exit status 2")
    void badArguments() {
        for (String[] args : List.of(new String[] {"hunt", "--seeds", "0"}, new String[] {"hunt", "--budget", "-3"},
                new String[] {"hunt", "--fault", "NO_SUCH_BUG"}, new String[] {"hunt", "--first-seed", "x"},
                new String[] {"hunt", "--jobs", "0"}, new String[] {"hunt", "--pct", "101"},
                new String[] {"hunt", "--pct", "-1"})) {
            CommandRun r = CommandRun.of(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().lines().toList()).as(String.join(" ", args)).hasSize(1)
                    .allMatch(l -> l.startsWith("mapdirect hunt: ") && l.contains(args[1]));
            assertThat(r.out()).isEmpty();
        }
    }
}
