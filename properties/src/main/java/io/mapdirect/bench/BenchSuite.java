package io.mapdirect.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The figures {@code ./mapdirect bench} prints: the scheduler's switch rate for a two-task
 * ping-pong and a sixteen-task mix, and the raw baton handoff rate of bare virtual and platform
 * threads, all measured in the same JVM, plus the scheduler's fraction of the raw virtual-thread
 * rate; and the property suite's rates with every invariant on ({@link SuiteBench}): scheduler
 * steps and cases per second in a fresh JVM and once the JIT has settled, and steps per CPU-second.
 * The suite goes first so that its cold figure is a fresh JVM's. With {@link #withCampaigns}, the
 * campaign figures follow, each taken in fresh JVMs: {@code fuzz} with 1 and N jobs
 * ({@link JobsBench}) and the first seconds of a fresh JVM with and without the warm-start cache
 * ({@link WarmStartBench}).
 */
public final class BenchSuite {
    /** Yield points per task in one ping-pong iteration (about a million switches). */
    static final int PING_PONG_YIELDS_PER_TASK = 500_000;
    /** Rounds per task in one sixteen-task iteration. */
    static final int MIX_ROUNDS_PER_TASK = 20_000;
    /** Rounds per thread in one raw virtual-thread iteration (about two million handoffs). */
    static final int RAW_VIRTUAL_ROUNDS = 1_000_000;
    /** Rounds per thread in one raw platform-thread iteration (platform threads are ~100x slower). */
    static final int RAW_PLATFORM_ROUNDS = 10_000;
    /** Generated cases per iteration of the suite figures. */
    static final int SUITE_CASES = 400;

    /** Which figures to take. */
    public enum Scope { ALL, SCHED, SUITE, JOBS, START }

    private final BenchHarness harness;
    private final Consumer<String> progress;
    private final long suiteMaxWarmupNs;
    private final int suiteMeasuredPasses;
    private CampaignBenchSettings campaigns;

    /**
     * @param suiteMaxWarmupNs the longest the suite's warm-up may run before it is measured anyway
     * @param suiteMeasuredPasses measured passes of the suite
     */
    public BenchSuite(BenchHarness harness, Consumer<String> progress, long suiteMaxWarmupNs, int suiteMeasuredPasses) {
        this.harness = harness;
        this.progress = progress;
        this.suiteMaxWarmupNs = suiteMaxWarmupNs;
        this.suiteMeasuredPasses = suiteMeasuredPasses;
    }

    /** Also takes the campaign figures (jobs scaling, warm start), which run fresh JVMs as {@code settings} say. */
    public BenchSuite withCampaigns(CampaignBenchSettings settings) {
        this.campaigns = settings;
        return this;
    }

    /** Runs the workloads of {@code scope} and returns the report. */
    public BenchReport run(Scope scope) {
        BenchReport report = new BenchReport();
        report.fact("load_average_at_start", Math.round(loadAverage() * 100) / 100.0);
        if (scope == Scope.ALL || scope == Scope.SUITE) {
            runSuite(report);
        }
        if (scope == Scope.ALL || scope == Scope.SCHED) {
            runScheduler(report);
        }
        if (campaigns != null && (scope == Scope.ALL || scope == Scope.JOBS || scope == Scope.START)) {
            runCampaigns(report, scope);
        }
        report.fact("load_average_at_end", Math.round(loadAverage() * 100) / 100.0);
        return report;
    }

    /** The one-minute load average of the machine (other processes slow every figure), or -1 if unknown. */
    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private void runCampaigns(BenchReport report, Scope scope) {
        Path found;
        try {
            found = Files.createTempDirectory("mapdirect-bench-found");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a scratch folder for the measured campaigns' findings", e);
        }
        if (scope != Scope.START) {
            new JobsBench(campaigns, progress, found).run(report);
        }
        if (scope != Scope.JOBS) {
            new WarmStartBench(campaigns, progress, found).run(report);
        }
    }

    private void runSuite(BenchReport report) {
        progress.accept("measuring the property suite (" + SUITE_CASES + " cases per pass) ...");
        SuiteCases cases = new SuiteCases(SUITE_CASES);
        SuiteBench.Result suite = new SuiteBench(cases::runPass, System::nanoTime, progress)
                .run(suiteMaxWarmupNs, suiteMeasuredPasses);
        report.add("suite.cold_steps_per_sec", suite.cold());
        report.add("suite.steps_per_sec", suite.steps());
        report.add("suite.cases_per_sec", suite.cases());
        report.add("suite.steps_per_cpu_sec", suite.stepsPerCpu());
        report.fact("suite.warmup_passes", suite.warmupPasses());
        report.fact("suite.warmup_sec", Math.round(suite.warmupSec()));
        report.fact("suite.jit_settled", suite.jitSettled());
        report.fact("suite.meets_target", suite.meetsTarget());
        progress.accept("  " + suite.steps() + "; per CPU-second " + suite.stepsPerCpu());
    }

    private void runScheduler(BenchReport report) {
        report.add("sched.switches_per_sec", measure("sched.switches_per_sec", new SchedulerPingPong(PING_PONG_YIELDS_PER_TASK)));
        report.add("sched.switches_per_sec_16tasks", measure("sched.switches_per_sec_16tasks", new SchedulerMix(MIX_ROUNDS_PER_TASK)));
        report.add("raw.vthread_pingpong_per_sec", measure("raw.vthread_pingpong_per_sec", RawPingPong.virtualThreads(RAW_VIRTUAL_ROUNDS)));
        report.add("raw.platform_pingpong_per_sec", measure("raw.platform_pingpong_per_sec", RawPingPong.platformThreads(RAW_PLATFORM_ROUNDS)));
    }

    private Figure measure(String name, Workload workload) {
        progress.accept("measuring " + name + " ...");
        Figure figure = harness.measure(name, workload);
        progress.accept("  " + figure);
        return figure;
    }
}
