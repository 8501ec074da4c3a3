package io.mapdirect.cli;

import io.mapdirect.sim.selftest.CaseCheck;
import io.mapdirect.sim.selftest.DeterminismCampaign;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mapdirect fuzz}: the main job. Until the model's own campaign exists it runs the
 * simulation core's self-check campaign: random programs of tasks, each run twice, whose traces
 * must be identical and which must leave no thread alive.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Run a fuzz campaign (the main job).",
                "",
                "Until the model's own campaign exists this is the simulation core's self-check: random programs",
                "of tasks (locks, rw-semaphores, sleeps, waits with timeouts, wakes, interrupts, work, delayed",
                "work, racy yields) under random schedules. Each case runs twice and must give an identical",
                "trace, end completed or deadlocked, and leave no thread alive. Exits 1 on any failure, printing",
                "the case, its seed and the command that replays it; 2 on a bad command line.",
                ""})
final class FuzzCommand implements Callable<Integer> {
    static final long DEFAULT_CASES = 2000;

    @Spec
    CommandSpec spec;

    @Option(names = "--cases", paramLabel = "N",
            description = "Stop after N cases (default: " + DEFAULT_CASES + ", or no limit when --time is given).")
    Long cases;

    @Option(names = "--time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop once this much wall-clock time has passed, e.g. 90s, 2m, 1h.")
    Duration time;

    @Option(names = "--seed", paramLabel = "S",
            description = "Campaign seed (default: a fresh one, printed). Case 0 uses S itself, so '--seed S --cases 1' replays a case.")
    Long seed;

    @Option(names = "--json", description = "Make the last line of output one JSON object: cases, steps, failures, seconds.")
    boolean json;

    @Override
    public Integer call() {
        if (cases != null && cases < 1) {
            throw new ParameterException(spec.commandLine(), "--cases must be at least 1, got " + cases);
        }
        long campaignSeed = seed != null ? seed : freshSeed();
        long maxCases = cases != null ? cases : time != null ? 0 : DEFAULT_CASES;
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = new Progress(spec.commandLine().getErr(), maxCases);
        out.println("fuzz: simulation self-check campaign, seed " + campaignSeed
                + ", " + (maxCases > 0 ? maxCases + " cases" : "no case limit") + (time != null ? ", time limit " + time.toSeconds() + "s" : ""));
        out.flush();
        long startNs = System.nanoTime();
        long deadlineNs = time == null ? Long.MAX_VALUE : startNs + time.toNanos();
        DeterminismCampaign.Summary summary = DeterminismCampaign.run(campaignSeed, maxCases,
                () -> System.nanoTime() < deadlineNs, (checked, soFar) -> {
                    if (!checked.ok()) {
                        progress.clear();
                        reportFailure(out, checked);
                    }
                    progress.update(soFar, System.nanoTime() - startNs);
                });
        double seconds = (System.nanoTime() - startNs) / 1e9;
        progress.clear();
        out.println(String.format(Locale.ROOT, "fuzz: %d cases, %d steps, %d failures in %.1fs; outcomes %s",
                summary.cases(), summary.steps(), summary.failures().size(), seconds, summary.outcomes()));
        if (json) {
            out.println(toJson(summary, seconds));
        }
        out.flush();
        return summary.failures().isEmpty() ? 0 : 1;
    }

    private static void reportFailure(PrintWriter out, CaseCheck.Checked checked) {
        out.print(failureReport(checked));
        out.flush();
    }

    /** The report of one failing case: problems, program, schedule, outcome and the replay command. */
    static String failureReport(CaseCheck.Checked checked) {
        long caseSeed = checked.simCase().seed();
        StringBuilder report = new StringBuilder("FAILURE in case with seed " + caseSeed + ":\n");
        for (String problem : checked.problems()) {
            report.append("  ").append(problem).append('\n');
        }
        report.append(checked.simCase().describe().indent(2));
        report.append("  outcome: ").append(checked.first().outcome().replace("\n", "\n  ")).append('\n');
        report.append("  replay: ").append(replayCommand(caseSeed)).append('\n');
        return report.toString();
    }

    static String replayCommand(long caseSeed) {
        return "./mapdirect fuzz --seed " + caseSeed + " --cases 1";
    }

    /** Not model code: a campaign without --seed explores fresh cases and prints the seed it used. */
    private static long freshSeed() {
        long mixed = (System.nanoTime() ^ System.currentTimeMillis() * 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        return (mixed ^ (mixed >>> 29)) & Long.MAX_VALUE;
    }

    private static String toJson(DeterminismCampaign.Summary summary, double seconds) {
        StringBuilder outcomes = new StringBuilder("{");
        summary.outcomes().forEach((kind, count) ->
                outcomes.append(outcomes.length() > 1 ? "," : "").append('"').append(kind).append("\":").append(count));
        outcomes.append('}');
        StringBuilder failed = new StringBuilder("[");
        for (CaseCheck.Checked failure : summary.failures()) {
            failed.append(failed.length() > 1 ? "," : "").append(failure.simCase().seed());
        }
        failed.append(']');
        return String.format(Locale.ROOT,
                "{\"campaign\":\"sim-selfcheck\",\"seed\":%d,\"cases\":%d,\"steps\":%d,\"failures\":%d,\"failed_seeds\":%s,\"seconds\":%.3f,\"outcomes\":%s}",
                summary.seed(), summary.cases(), summary.steps(), summary.failures().size(), failed, seconds, outcomes);
    }
}
