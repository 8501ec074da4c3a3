package io.mapdirect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mapdirect.sim.selftest.CaseCheck;
import io.mapdirect.sim.selftest.CaseRun;
import io.mapdirect.sim.selftest.SimCase;
import io.mapdirect.sim.selftest.SimProgramGenerator;
import io.mapdirect.sim.selftest.SimProgramRunner;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The command line: --help everywhere, one-line errors, the fuzz campaign's JSON and failure report. */
class MainTest {
    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    @DisplayName("--help works on the top command and on every subcommand")
    void helpEverywhere() {
        CommandRun top = run("--help");
        assertThat(top.status()).isZero();
        assertThat(top.out()).contains("fuzz", "bench", "Run a fuzz campaign (the main job).");
        for (String sub : List.of("fuzz", "bench")) {
            CommandRun help = run(sub, "--help");
            assertThat(help.status()).as(sub).isZero();
            assertThat(help.out()).as(sub).contains("Usage: mapdirect " + sub, "--json");
        }
        assertThat(run("fuzz", "--help").out()).contains("--cases", "--time", "--seed");
    }

    @Test
    @DisplayName("bad arguments give one clear error line and exit status 2")
    void badArgumentsGiveOneLine() {
        for (String[] args : List.of(
                new String[] {"fuzz", "--cases", "many"},
                new String[] {"fuzz", "--cases", "0"},
                new String[] {"fuzz", "--time", "soon"},
                new String[] {"fuzz", "--frobnicate"},
                new String[] {"bench", "--iterations", "0"},
                new String[] {"bench", "--only", "everything"},
                new String[] {"bench", "--suite-warmup", "0s"},
                new String[] {"fuzz", "--cases", "-5"},
                new String[] {"fuzz", "--cases", "99999999999999999999"},
                new String[] {"fuzz", "--cases", "1000000000001"},
                new String[] {"fuzz", "--case", "-1"},
                new String[] {"fuzz", "--time", "99999999999h"},
                new String[] {"fuzz", "--time", "169h"},
                new String[] {"fuzz", "--sim-selftest", "--cases", "-1"},
                new String[] {"bench", "--warmup", "-1"},
                new String[] {"bench", "--iterations", "100000"},
                new String[] {"bench", "--suite-warmup", "100000h"},
                new String[] {"verdicts", "--budget", "2147483648"},
                new String[] {"verdicts", "--budget", "100000001"},
                new String[] {"verdicts", "--time", "1000h"},
                new String[] {"explain", "x.case", "--width", "2147483647"},
                new String[] {"explain", "x.case", "--width", "-3"},
                new String[] {"nonsense"},
                new String[] {})) {
            CommandRun bad = run(args);
            assertThat(bad.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(bad.err().lines().toList()).as(String.join(" ", args)).hasSize(1);
            assertThat(bad.err()).startsWith("mapdirect").contains("--help");
            assertThat(bad.out()).isEmpty();
        }
        assertThat(run("fuzz", "--time", "soon").err()).contains("'soon' is not a duration");
    }

    @Test
    @DisplayName("fuzz --json: the last line is one JSON object with cases, steps, failures and seconds; exit 0")
    void fuzzJsonSummary() {
        CommandRun fuzz = run("fuzz", "--sim-selftest", "--cases", "25", "--seed", "4", "--json");
        assertThat(fuzz.status()).as(fuzz.err()).isZero();
        JsonNode json = fuzz.json();
        assertThat(json.get("campaign").asText()).isEqualTo("sim-selfcheck");
        assertThat(json.get("seed").asLong()).isEqualTo(4);
        assertThat(json.get("cases").asLong()).isEqualTo(25);
        assertThat(json.get("failures").asInt()).isZero();
        assertThat(json.get("steps").asLong()).isPositive();
        assertThat(json.get("outcomes").isObject()).isTrue();
        assertThat(fuzz.err()).contains("seed 4, 25 cases");
    }

    @Test
    @DisplayName("bench --json: standard output is one JSON document with the figures; progress on standard error")
    void benchJsonIsOneDocument() {
        CommandRun bench = run("bench", "--only", "sched", "--warmup", "0", "--iterations", "1", "--json");
        assertThat(bench.status()).as(bench.err()).isZero();
        JsonNode json = bench.json();
        assertThat(json.get("sched.switches_per_sec").asLong()).isPositive();
        assertThat(json.get("iterations").asInt()).isEqualTo(1);
        assertThat(json.get("meets_targets").isBoolean()).isTrue();
        assertThat(bench.err()).isNotBlank();
    }

    @picocli.CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("a bug");
        }
    }

    @Test
    @DisplayName("an unexpected exception is one line naming it, exit status 3, no stack trace")
    void internalErrorIsOneLine() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine commandLine = new picocli.CommandLine(new Boom());
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler(new OneLineFailures());
        assertThat(commandLine.execute()).isEqualTo(OneLineFailures.EXIT_INTERNAL);
        assertThat(err.toString().lines().toList()).containsExactly(
                "boom: internal error: java.lang.IllegalStateException: a bug (a bug in mapdirect; set MAPDIRECT_TRACE=1 for the stack trace)");
        assertThat(Main.commandLine().getExecutionExceptionHandler()).isInstanceOf(OneLineFailures.class);
    }

    @Test
    @DisplayName("fuzz --time alone runs until the time is up (no case limit)")
    void fuzzTimeLimit() {
        CommandRun fuzz = run("fuzz", "--sim-selftest", "--time", "300ms", "--seed", "8");
        assertThat(fuzz.status()).isZero();
        assertThat(fuzz.out()).contains("no case limit, time limit");
    }

    @Test
    @DisplayName("the same seed gives the same campaign, so a failure replays")
    void sameSeedSameCampaign() {
        ObjectNode first = (ObjectNode) run("fuzz", "--sim-selftest", "--cases", "15", "--seed", "99", "--json").json();
        ObjectNode second = (ObjectNode) run("fuzz", "--sim-selftest", "--cases", "15", "--seed", "99", "--json").json();
        first.remove("seconds");
        second.remove("seconds");
        assertThat(first).isEqualTo(second);
    }

    @Test
    @DisplayName("a failure report names the problem, the program, the schedule, the seed and the replay command")
    void failureReportNamesTheReplay() {
        SimCase simCase = SimProgramGenerator.generate(1234);
        CaseRun run = SimProgramRunner.run(simCase);
        CaseCheck.Checked failed = new CaseCheck.Checked(simCase, run, run, List.of("nondeterministic: example"));
        String report = SimSelftest.failureReport(failed);
        assertThat(report).startsWith("FAILURE in case with seed 1234:")
                .contains("  nondeterministic: example", "T0: ", "schedule: [", "outcome: ",
                        "replay: ./mapdirect fuzz --sim-selftest --seed 1234 --cases 1");
    }

    @Test
    @DisplayName("the launcher's JVM gets one virtual-thread carrier unless the user chose a number")
    void oneCarrierUnlessChosen() {
        String before = System.getProperty(Main.CARRIERS_PROPERTY);
        try {
            System.clearProperty(Main.CARRIERS_PROPERTY);
            Main.useOneCarrier();
            assertThat(System.getProperty(Main.CARRIERS_PROPERTY)).isEqualTo("1");
            System.setProperty(Main.CARRIERS_PROPERTY, "4");
            Main.useOneCarrier();
            assertThat(System.getProperty(Main.CARRIERS_PROPERTY)).isEqualTo("4");
        } finally {
            if (before == null) {
                System.clearProperty(Main.CARRIERS_PROPERTY);
            } else {
                System.setProperty(Main.CARRIERS_PROPERTY, before);
            }
        }
    }

    @Test
    @DisplayName("durations: 500ms, 90s, 2m, 1h30m parse; junk, zero and empty do not")
    void durations() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        for (String junk : List.of("", "2", "m", "2x", "0s", "2m junk", "-1s")) {
            assertThat(DurationConverter.parse(junk)).as(junk).isNull();
        }
    }
}
