package io.mapdirect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fuzz --jobs N}: N worker JVMs run exactly the cases one job runs (same count, steps, probes
 * and digest of every case's trace, so the same findings), also inside a shard; bad values are one
 * error line.
 */
class FuzzJobsTest {
    private static final Pattern COUNTS = Pattern.compile("\"cases\":(\\d+),\"steps\":(\\d+),\"digest\":\"([0-9a-f]+)\","
            + "\"failures\":(\\d+),\"probes\":(\\d+),\"callResults\":(\\d+),\"transitions\":(\\d+),\"feedback\":false,"
            + "\"found\":(\\[[^]]*\\])");

    @Test
    void twoJobsRunAndFindExactlyWhatOneJobDoes(@TempDir Path found) {
        CommandRun one = CommandRun.of("fuzz", "--jobs", "1", "--seed", "42", "--cases", "60", "--found", found.toString(),
                "--json");
        CommandRun two = CommandRun.of("fuzz", "--jobs", "2", "--seed", "42", "--cases", "60", "--found", found.toString(),
                "--json");
        assertThat(two.status()).as(two.err()).isEqualTo(one.status());
        assertThat(counts(two)).isEqualTo(counts(one));
        assertThat(counts(one).get(0)).isEqualTo("60");
        assertThat(two.err()).contains("60 cases, 2 jobs");
        assertThat(two.lastLine()).contains("\"jobs\":2");
    }

    @Test
    void jobsSplitAShardIntoPartsOfIt(@TempDir Path found) {
        CommandRun one = CommandRun.of("fuzz", "--jobs", "1", "--shard", "1/3", "--seed", "7", "--cases", "45",
                "--found", found.toString(), "--json");
        CommandRun three = CommandRun.of("fuzz", "--jobs", "3", "--shard", "1/3", "--seed", "7", "--cases", "45",
                "--found", found.toString(), "--json");
        assertThat(counts(three)).isEqualTo(counts(one));
        assertThat(counts(one).get(0)).isEqualTo("15");
        assertThat(three.lastLine()).contains("\"shard\":\"1/3\"");
    }

    /**
     * Seed 5 case 18008 (ODP) is a finding of the campaign when this is written (FAULT_NO_ALLOC); the
     * shard 8008/10000 holds cases 8008 and 18008 only, so two jobs each run one of them. Whatever the
     * model does with them, both runs must report the same cases and the same found files.
     */
    @Test
    void twoJobsReportTheSameFindingAsOne(@TempDir Path foundByOne, @TempDir Path foundByTwo) {
        CommandRun one = CommandRun.of("fuzz", "--jobs", "1", "--shard", "8008/10000", "--seed", "5", "--cases", "18009",
                "--found", foundByOne.toString(), "--json");
        CommandRun two = CommandRun.of("fuzz", "--jobs", "2", "--shard", "8008/10000", "--seed", "5", "--cases", "18009",
                "--found", foundByTwo.toString(), "--json");
        assertThat(two.status()).as(two.err()).isEqualTo(one.status());
        List<String> byOne = counts(one);
        List<String> byTwo = counts(two);
        assertThat(byTwo.subList(0, 7)).isEqualTo(byOne.subList(0, 7));
        assertThat(byTwo.get(7).replace(foundByTwo.toString(), "DIR"))
                .isEqualTo(byOne.get(7).replace(foundByOne.toString(), "DIR"));
        assertThat(byOne.get(0)).isEqualTo("2");
        for (String line : one.err().lines().toList()) {
            if (line.startsWith("  found: ")) {
                assertThat(two.err()).contains(line.replace(foundByOne.toString(), foundByTwo.toString()));
            }
        }
    }

    @Test
    void noMoreWorkersThanTheShardHasCases(@TempDir Path found) {
        CommandRun run = CommandRun.of("fuzz", "--jobs", "8", "--shard", "1/4", "--seed", "3", "--cases", "9",
                "--found", found.toString(), "--json");
        assertThat(run.err()).contains("9 cases, 2 jobs");
        assertThat(counts(run).get(0)).isEqualTo("2");
        assertThat(FuzzCommand.casesOf(new io.mapdirect.campaign.Shard(1, 4), 9)).isEqualTo(2);
        assertThat(FuzzCommand.casesOf(new io.mapdirect.campaign.Shard(3, 4), 3)).isZero();
        assertThat(FuzzCommand.casesOf(io.mapdirect.campaign.Shard.ALL, 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void badJobsGiveOneErrorLine() {
        for (String jobs : List.of("0", "-3", "100000", "many", "2.5")) {
            CommandRun bad = CommandRun.of("fuzz", "--jobs", jobs, "--cases", "1");
            assertThat(bad.status()).as(jobs).isEqualTo(2);
            assertThat(bad.err().lines().toList()).as(jobs).hasSize(1);
            assertThat(bad.err()).as(jobs).contains("--jobs");
            assertThat(bad.out()).as(jobs).isEmpty();
        }
    }

    /** cases, steps, digest, failures, probes, call results, transitions and found files of the JSON summary. */
    private static List<String> counts(CommandRun run) {
        Matcher matcher = COUNTS.matcher(run.lastLine());
        assertThat(matcher.find()).as(run.out() + run.err()).isTrue();
        return List.of(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4), matcher.group(5),
                matcher.group(6), matcher.group(7), matcher.group(8));
    }
}
