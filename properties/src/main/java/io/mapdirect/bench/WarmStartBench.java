package io.mapdirect.bench;

import io.mapdirect.campaign.JvmCommand;
import io.mapdirect.campaign.Workers;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The cold phase of a fresh JVM, with and without the warm-start cache: a fuzz worker runs for the
 * warm-up time in a fresh JVM (timed from its start), and its steps per second are read over its first 10
 * seconds, over the whole time (60 s by default) and over its last third (the late rate, the nearest to settled a
 * run of this length gets). The target: the warm start's first 10 seconds at least half the late
 * rate. Without a cache (a JDK before 25, or {@code MAPDIRECT_AOT=0}) only the cold start is measured.
 */
final class WarmStartBench {
    /** The warm start's first 10 seconds must reach this fraction of the late rate. */
    static final double TARGET_FRACTION_OF_SETTLED = 0.5;
    static final long FIRST_NS = TimeUnit.SECONDS.toNanos(10);

    private final CampaignBenchSettings settings;
    private final Consumer<String> progress;
    private final Path found;

    WarmStartBench(CampaignBenchSettings settings, Consumer<String> progress, Path found) {
        this.settings = settings;
        this.progress = progress;
        this.found = found;
    }

    void run(BenchReport report) {
        double coldLate = measure(report, "start.cold", false);
        boolean cache = JvmCommand.hasWarmStart();
        report.fact("start.cache", cache);
        if (!cache) {
            return;
        }
        double warmLate = measure(report, "start.warm", true);
        double settled = Math.max(coldLate, warmLate);
        double fraction = report.figure("start.warm.steps_per_sec_first_10s").medianPerSec() / settled;
        report.fact("start.warm_first_10s_of_late", Math.round(fraction * 100) / 100.0);
        report.fact("start.meets_target", fraction >= TARGET_FRACTION_OF_SETTLED);
    }

    /** Measures one fresh run; returns its late rate. */
    private double measure(BenchReport report, String prefix, boolean warmStart) {
        long runNs = settings.warmTimeNs();
        progress.accept("measuring the first " + TimeUnit.NANOSECONDS.toSeconds(runNs) + "s of a fresh fuzz JVM "
                + (warmStart ? "with" : "without") + " the warm-start cache ...");
        FreshFuzz run = new FreshFuzz(new Workers(JvmCommand.forMain(settings.mainClass(), warmStart)), System::nanoTime);
        if (!run.run(List.of("fuzz", "--worker", "--jobs", "1", "--seed", Long.toString(settings.seed()), "--time",
                TimeUnit.NANOSECONDS.toMillis(runNs) + "ms", "--found", found.toString()))) {
            throw new Workers.Failed("the measured fresh fuzz JVM failed; its error is above");
        }
        long firstNs = Math.min(FIRST_NS, runNs);
        double first = run.stepsBy(firstNs) / (firstNs / 1e9);
        double whole = run.stepsBy(runNs) / (runNs / 1e9);
        long lateFromNs = runNs * 2 / 3;
        double late = (run.stepsBy(runNs) - run.stepsBy(lateFromNs)) / ((runNs - lateFromNs) / 1e9);
        String wholeKey = prefix + ".steps_per_sec_first_" + TimeUnit.NANOSECONDS.toSeconds(runNs) + "s";
        report.add(prefix + ".steps_per_sec_first_10s", Figure.of(prefix + ".steps_per_sec_first_10s", List.of(first)));
        report.add(wholeKey, Figure.of(wholeKey, List.of(whole)));
        report.add(prefix + ".steps_per_sec_late", Figure.of(prefix + ".steps_per_sec_late", List.of(late)));
        progress.accept(String.format(Locale.ROOT, "  first 10s %.0f steps/s, first %ds %.0f, last third %.0f",
                first, TimeUnit.NANOSECONDS.toSeconds(runNs), whole, late));
        return late;
    }
}
