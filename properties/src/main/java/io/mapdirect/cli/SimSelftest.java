package io.mapdirect.cli;

import io.mapdirect.sim.selftest.CaseCheck;
import io.mapdirect.sim.selftest.DeterminismCampaign;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code mapdirect fuzz --sim-selftest}: the simulation core's self-check campaign: random programs
 * of tasks (locks, rw-semaphores, sleeps, waits with timeouts, wakes, interrupts, work, delayed
 * work, racy yields) under random schedules. Each case runs twice and must give an identical
 * trace, end completed or deadlocked, and leave no thread alive.
 */
final class SimSelftest {
    static final long DEFAULT_CASES = 2000;

    private final Long cases;
    private final Duration time;
    private final Long seed;
    private final Output output;

    SimSelftest(Long cases, Duration time, Long seed, Output output) {
        this.cases = cases;
        this.time = time;
        this.seed = seed;
        this.output = output;
    }

    Integer call() {
        long campaignSeed = seed != null ? seed : FuzzCommand.freshSeed();
        long maxCases = cases != null ? cases : time != null ? 0 : DEFAULT_CASES;
        Progress progress = new Progress(output.progress(), maxCases);
        PrintWriter out = output.text();
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
        output.flush();
        output.document(toJson(summary, seconds));
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
        return "./mapdirect fuzz --sim-selftest --seed " + caseSeed + " --cases 1";
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
