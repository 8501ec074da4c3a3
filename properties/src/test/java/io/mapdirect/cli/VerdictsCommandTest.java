package io.mapdirect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code ./mapdirect verdicts} with a small budget: its text output against a golden file (a fixed
 * seed and budget give the same output in any JVM), its JSON last line, the replay command of a
 * violated cell, and its one-line errors. Regenerate the golden file with
 * {@code -Dgolden.update=true} after an intended change, and review the diff.
 */
class VerdictsCommandTest {
    static final long SEED = 20171006L;
    static final int BUDGET = 20;
    static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "verdicts-seed20171006-budget20.txt");

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    /** In two worker processes (as on a 2-core machine by default): the golden file was made by one. */
    private static final CommandRun SMALL = run("verdicts", "--jobs", "2", "--seed", Long.toString(SEED), "--budget",
            Integer.toString(BUDGET), "--json");

    /** The text report of a --json run: standard error without its progress lines (which carry timings). */
    private static final String TEXT = withoutProgress(SMALL.err());

    private static String withoutProgress(String err) {
        return err.lines().filter(l -> !l.matches("verdicts: [A-Z0-9_]+: \\d+ cases, .*s") && !l.startsWith("verdicts: done in "))
                .reduce("", (a, b) -> a + b + "\n");
    }


    @Test
    @DisplayName("seed " + SEED + ", budget " + BUDGET + ": the text output equals the golden file, byte for byte")
    void textMatchesGolden() throws IOException {
        String text = TEXT;
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, text);
        }
        assertThat(text).as("seed %d — replay: ./mapdirect verdicts --seed %d --budget %d (golden %s)", SEED, SEED, BUDGET, GOLDEN)
                .isEqualTo(Files.readString(GOLDEN));
        assertThat(SMALL.status()).as("exit status: 0 unless a FINDING").isEqualTo(text.contains("(FINDING)") ? 1 : 0);
    }

    @Test
    @DisplayName("--jobs 1 and --jobs 3 print exactly what --jobs 2 prints")
    void anyNumberOfJobsPrintsTheSameTable() {
        for (String jobs : List.of("1", "3")) {
            CommandRun other = run("verdicts", "--jobs", jobs, "--seed", Long.toString(SEED), "--budget",
                    Integer.toString(BUDGET), "--json");
            assertThat(other.out()).as("--jobs " + jobs).isEqualTo(SMALL.out());
            assertThat(withoutProgress(other.err())).as("--jobs " + jobs).isEqualTo(TEXT);
            assertThat(other.status()).isEqualTo(SMALL.status());
            assertThat(other.err()).contains("(" + jobs + (jobs.equals("1") ? " job)" : " jobs)"));
        }
    }

    @Test
    @DisplayName("the table has a row per invariant, a column per variant, and every cell says holds, violated, FINDING, bug or DEFECT")
    void tableShape() {
        List<String> lines = TEXT.lines().toList();
        assertThat(lines.get(1)).startsWith("invariant").contains("V7", "V8", "V8_GRACE", "REMAP", "ODP", "UPSTREAM",
                "LAYOUT_LEASE_RFC", "V7_POSTED", "V8_POSTED");
        assertThat(lines.get(2)).startsWith("(cases)").contains(Integer.toString(BUDGET));
        for (io.mapdirect.check.InvariantId id : io.mapdirect.check.InvariantId.values()) {
            String row = lines.stream().filter(l -> l.startsWith(id.name() + " ")).findFirst().orElseThrow();
            String[] cells = row.substring(id.name().length()).trim().split(" +");
            assertThat(cells).as(id.name()).hasSize(io.mapdirect.harness.Variant.values().length)
                    .allMatch(c -> List.of("holds", "violated", "FINDING", "bug", "DEFECT").contains(c));
        }
    }

    @Test
    @DisplayName("--json: standard output is one JSON document whose verdicts and violations agree with the table")
    void jsonDocument() {
        JsonNode json = SMALL.json();
        assertThat(json.get("command").asText()).isEqualTo("verdicts");
        assertThat(json.get("seed").asLong()).isEqualTo(SEED);
        assertThat(json.get("budget").asInt()).isEqualTo(BUDGET);
        long violatedCells = TEXT.lines().filter(l -> l.startsWith("=== ")).count();
        assertThat(json.get("violations")).hasSize((int) violatedCells);
        List<String> verdicts = new java.util.ArrayList<>();
        json.get("variants").forEach(v -> v.get("invariants").forEach(cell -> verdicts.add(cell.asText())));
        assertThat(verdicts).hasSize(io.mapdirect.harness.Variant.values().length * io.mapdirect.check.InvariantId.values().length);
        assertThat(verdicts.stream().filter(v -> !v.equals("holds")).count()).isEqualTo(violatedCells);
        assertThat(json.get("findings").asInt()).isEqualTo((int) verdicts.stream().filter(v -> v.equals("finding")).count());
    }

    @Test
    @DisplayName("--json moves the text report to standard error unchanged and leaves standard output to the JSON")
    void jsonMovesTheTextToStandardError() {
        CommandRun text = run("verdicts", "--budget", "3", "--variant", "V7");
        CommandRun json = run("verdicts", "--budget", "3", "--variant", "V7", "--json");
        assertThat(text.out()).contains("invariant", "V7");
        assertThat(withoutProgress(json.err())).isEqualTo(text.out());
        assertThat(json.json().get("variants").get("V7").get("cases").asInt()).isEqualTo(3);
    }

    @Test
    @DisplayName("the replay command printed for a violated cell reproduces that cell's counterexample")
    void replayReproducesTheCell() {
        Matcher first = Pattern.compile("(?m)^=== (\\S+) violates (\\S+).*\\n.*\\nreplay: \\./mapdirect (.*)$").matcher(TEXT);
        assertThat(first.find()).as("the small run violates some cell (V7 breaks invariants by design)").isTrue();
        String header = "=== " + first.group(1) + " violates " + first.group(2);
        CommandRun replay = run(first.group(3).split(" "));
        assertThat(afterFirstLine(section(replay.out(), header))).isEqualTo(afterFirstLine(section(TEXT, header)));
    }

    private static String section(String out, String header) {
        int start = out.indexOf(header);
        assertThat(start).as(header).isNotNegative();
        int end = out.indexOf("\n=== ", start + 1);
        int summary = out.indexOf("\nverdicts: ", start);
        return out.substring(start, end > 0 && end < summary ? end : summary);
    }

    private static String afterFirstLine(String section) {
        return section.substring(section.indexOf('\n') + 1);
    }

    @Test
    @DisplayName("verdicts --help names every option and is listed by the top command's help")
    void help() {
        CommandRun help = run("verdicts", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: mapdirect verdicts", "--budget", "--time", "--seed", "--variant", "--json",
                "LAYOUT_LEASE_RFC");
        assertThat(run("--help").out()).contains("verdicts");
    }

    @Test
    @DisplayName("bad arguments give one error line naming the option, and exit status 2")
    void badArguments() {
        for (String[] args : List.of(new String[] {"verdicts", "--budget", "0"}, new String[] {"verdicts", "--variant", "V9"},
                new String[] {"verdicts", "--time", "soon"}, new String[] {"verdicts", "--seed", "x"},
                new String[] {"verdicts", "--jobs", "0"}, new String[] {"verdicts", "--jobs", "-1"},
                new String[] {"verdicts", "--jobs", "99999"}, new String[] {"verdicts", "--jobs", "two"})) {
            CommandRun r = run(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().lines().toList()).as(String.join(" ", args)).hasSize(1)
                    .allMatch(l -> l.startsWith("mapdirect verdicts: ") && l.contains(args[1]));
            assertThat(r.out()).isEmpty();
        }
    }
}
