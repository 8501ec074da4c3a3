package io.mapdirect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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

    private record Run(int status, String out, String err) { }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /** In two worker processes (as on a 2-core machine by default): the golden file was made by one. */
    private static final Run SMALL = run("verdicts", "--jobs", "2", "--seed", Long.toString(SEED), "--budget",
            Integer.toString(BUDGET), "--json");

    private static String replayOf(String text) {
        return text.lines().filter(l -> !l.startsWith("{")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    @DisplayName("seed " + SEED + ", budget " + BUDGET + ": the text output equals the golden file, byte for byte")
    void textMatchesGolden() throws IOException {
        String text = replayOf(SMALL.out());
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, text);
        }
        assertThat(text).as("seed %d — replay: ./mapdirect verdicts --seed %d --budget %d (golden %s)", SEED, SEED, BUDGET, GOLDEN)
                .isEqualTo(Files.readString(GOLDEN));
        assertThat(SMALL.status()).as("exit status: 0 unless a FINDING").isEqualTo(text.contains("FINDING (") ? 1 : 0);
    }

    @Test
    @DisplayName("--jobs 1 and --jobs 3 print exactly what --jobs 2 prints")
    void anyNumberOfJobsPrintsTheSameTable() {
        for (String jobs : List.of("1", "3")) {
            Run other = run("verdicts", "--jobs", jobs, "--seed", Long.toString(SEED), "--budget", Integer.toString(BUDGET),
                    "--json");
            assertThat(other.out()).as("--jobs " + jobs).isEqualTo(SMALL.out());
            assertThat(other.status()).isEqualTo(SMALL.status());
            assertThat(other.err()).contains("(" + jobs + (jobs.equals("1") ? " job)" : " jobs)"));
        }
    }

    @Test
    @DisplayName("the table has a row per invariant, a column per variant, and every cell says holds, violated or FINDING")
    void tableShape() {
        List<String> lines = SMALL.out().lines().toList();
        assertThat(lines.get(1)).startsWith("invariant").contains("V7", "V8", "V8_GRACE", "REMAP", "ODP", "UPSTREAM",
                "LAYOUT_LEASE_RFC");
        assertThat(lines.get(2)).startsWith("(cases)").contains(Integer.toString(BUDGET));
        for (io.mapdirect.check.InvariantId id : io.mapdirect.check.InvariantId.values()) {
            String row = lines.stream().filter(l -> l.startsWith(id.name() + " ")).findFirst().orElseThrow();
            String[] cells = row.substring(id.name().length()).trim().split(" +");
            assertThat(cells).as(id.name()).hasSize(7).allMatch(c -> List.of("holds", "violated", "FINDING").contains(c));
        }
    }

    @Test
    @DisplayName("--json: the last line is one JSON object whose verdicts and violations agree with the table")
    void jsonLastLine() {
        List<String> lines = SMALL.out().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertThat(last).startsWith("{\"command\":\"verdicts\",\"seed\":" + SEED + ",\"budget\":" + BUDGET).endsWith("}");
        long violatedCells = SMALL.out().lines().filter(l -> l.startsWith("=== ")).count();
        assertThat(count(last, "\"byDesign\":")).isEqualTo(violatedCells);
        assertThat(count(last, "\"violated\"") + count(last, "\"finding\"")).isEqualTo(violatedCells);
        assertThat(count(last, "\"holds\"")).isEqualTo(7L * io.mapdirect.check.InvariantId.values().length - violatedCells);
    }

    @Test
    @DisplayName("the replay command printed for a violated cell reproduces that cell's counterexample")
    void replayReproducesTheCell() {
        Matcher first = Pattern.compile("(?m)^=== (\\S+) violates (\\S+).*\\n.*\\nreplay: \\./mapdirect (.*)$").matcher(SMALL.out());
        assertThat(first.find()).as("the small run violates some cell (V7 breaks invariants by design)").isTrue();
        String header = "=== " + first.group(1) + " violates " + first.group(2);
        Run replay = run(first.group(3).split(" "));
        assertThat(afterFirstLine(section(replay.out(), header))).isEqualTo(afterFirstLine(section(SMALL.out(), header)));
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

    private static long count(String text, String needle) {
        return Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }

    @Test
    @DisplayName("verdicts --help names every option and is listed by the top command's help")
    void help() {
        Run help = run("verdicts", "--help");
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
            Run r = run(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().lines().toList()).as(String.join(" ", args)).hasSize(1)
                    .allMatch(l -> l.startsWith("mapdirect verdicts: ") && l.contains(args[1]));
            assertThat(r.out()).isEmpty();
        }
    }
}
