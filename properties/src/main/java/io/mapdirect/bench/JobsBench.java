package io.mapdirect.bench;

import io.mapdirect.campaign.Workers;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scaling of {@code fuzz --jobs}: the same seed and case count run by 1 job and by N jobs, each
 * a fresh {@code ./mapdirect fuzz} JVM timed from start to exit (JVM start, JIT warm-up and the
 * workers' own JVMs included, as a user sees it), and whether both ran the same cases with the same
 * traces (the digest of their JSON summaries). The target: N jobs at least 0.9 N times as fast.
 */
final class JobsBench {
    /** N jobs must be at least this fraction of N times as fast as one. */
    static final double TARGET_EFFICIENCY = 0.9;
    private static final Pattern DIGEST = Pattern.compile("\"digest\":\"([0-9a-f]+)\"");

    private final CampaignBenchSettings settings;
    private final Consumer<String> progress;
    private final Path found;

    JobsBench(CampaignBenchSettings settings, Consumer<String> progress, Path found) {
        this.settings = settings;
        this.progress = progress;
        this.found = found;
    }

    void run(BenchReport report) {
        int jobs = settings.jobs();
        FreshFuzz one = timed(1);
        FreshFuzz many = timed(jobs);
        double oneRate = settings.cases() / (one.wallNs() / 1e9);
        double manyRate = settings.cases() / (many.wallNs() / 1e9);
        double speedup = manyRate / oneRate;
        report.add("jobs.cases_per_sec_1_job", Figure.of("jobs.cases_per_sec_1_job", List.of(oneRate)));
        report.add("jobs.cases_per_sec_" + jobs + "_jobs", Figure.of("jobs.cases_per_sec_" + jobs + "_jobs", List.of(manyRate)));
        report.fact("jobs.jobs", jobs);
        report.fact("jobs.cases", settings.cases());
        report.fact("jobs.speedup", Math.round(speedup * 100) / 100.0);
        report.fact("jobs.same_cases", digest(one).equals(digest(many)));
        report.fact("jobs.meets_target", speedup >= TARGET_EFFICIENCY * jobs);
        progress.accept(String.format(java.util.Locale.ROOT, "  1 job %.0f cases/s, %d jobs %.0f cases/s: %.2fx",
                oneRate, jobs, manyRate, speedup));
    }

    private FreshFuzz timed(int jobs) {
        progress.accept("measuring fuzz --jobs " + jobs + " --cases " + settings.cases() + " in a fresh JVM ...");
        FreshFuzz run = new FreshFuzz(Workers.ofMain(settings.mainClass()), System::nanoTime);
        boolean ran = run.run(List.of("fuzz", "--jobs", Integer.toString(jobs), "--seed", Long.toString(settings.seed()),
                "--cases", Long.toString(settings.cases()), "--found", found.toString(), "--json"));
        if (!ran) {
            throw new Workers.Failed("the measured 'fuzz --jobs " + jobs + "' failed; its error is above");
        }
        return run;
    }

    private static String digest(FreshFuzz run) {
        List<String> lines = run.lines();
        Matcher matcher = DIGEST.matcher(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
        return matcher.find() ? matcher.group(1) : "none";
    }
}
