package io.mapdirect.bench;

import java.util.function.Consumer;

/**
 * The figures {@code ./mapdirect bench} prints: the scheduler's switch rate for a two-task
 * ping-pong and a sixteen-task mix, and the raw baton handoff rate of bare virtual and platform
 * threads, all measured in the same JVM, plus the scheduler's fraction of the raw virtual-thread
 * rate; and the property suite's rates with every invariant on ({@link SuiteCases}): scheduler
 * steps and cases per second.
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

    private final BenchHarness harness;
    private final Consumer<String> progress;

    public BenchSuite(BenchHarness harness, Consumer<String> progress) {
        this.harness = harness;
        this.progress = progress;
    }

    /** Runs every workload and returns the report. */
    public BenchReport run() {
        BenchReport report = new BenchReport();
        report.add("sched.switches_per_sec", measure("sched.switches_per_sec", new SchedulerPingPong(PING_PONG_YIELDS_PER_TASK)));
        report.add("sched.switches_per_sec_16tasks", measure("sched.switches_per_sec_16tasks", new SchedulerMix(MIX_ROUNDS_PER_TASK)));
        report.add("raw.vthread_pingpong_per_sec", measure("raw.vthread_pingpong_per_sec", RawPingPong.virtualThreads(RAW_VIRTUAL_ROUNDS)));
        report.add("raw.platform_pingpong_per_sec", measure("raw.platform_pingpong_per_sec", RawPingPong.platformThreads(RAW_PLATFORM_ROUNDS)));
        SuiteCases suite = new SuiteCases(SUITE_CASES);
        report.add("suite.steps_per_sec", measure("suite.steps_per_sec", suite.steps()));
        report.add("suite.cases_per_sec", measure("suite.cases_per_sec", suite.cases()));
        return report;
    }

    private Figure measure(String name, Workload workload) {
        progress.accept("measuring " + name + " ...");
        Figure figure = harness.measure(name, workload);
        progress.accept("  " + figure);
        return figure;
    }
}
