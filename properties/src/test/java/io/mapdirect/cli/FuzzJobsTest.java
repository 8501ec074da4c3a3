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
            + "\"failures\":(\\d+),\"probes\":(\\d+),\"found\":(\\[[^]]*\\])");

    @Test
    void twoJobsRunAndFindExactlyWhatOneJobDoes(@TempDir Path found) {
        CommandRun one = CommandRun.of("fuzz", "--jobs", "1", "--seed", "42", "--cases", "60", "--found", found.toString(),
                "--json");
        CommandRun two = CommandRun.of("fuzz", "--jobs", "2", "--seed", "42", "--cases", "60", "--found", found.toString(),
                "--json");
        assertThat(two.status()).as(two.err()).isEqualTo(one.status());
        assertThat(counts(two)).isEqualTo(counts(one));
        assertThat(counts(one).get(0)).isEqualTo("60");
        assertThat(two.out()).contains("60 cases, 2 jobs");
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

    /** cases, steps, digest, failures, probes and found files of the JSON summary. */
    private static List<String> counts(CommandRun run) {
        Matcher matcher = COUNTS.matcher(run.lastLine());
        assertThat(matcher.find()).as(run.out() + run.err()).isTrue();
        return List.of(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4), matcher.group(5),
                matcher.group(6));
    }
}
