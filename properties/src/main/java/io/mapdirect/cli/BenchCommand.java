package io.mapdirect.cli;

import io.mapdirect.bench.BenchHarness;
import io.mapdirect.bench.BenchReport;
import io.mapdirect.bench.BenchSuite;
import io.mapdirect.bench.CampaignBenchSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mapdirect bench}: measures the property suite's step rate (cold, and once the JIT has
 * settled) and the scheduler's switch rate next to the raw thread handoff rate.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the property suite and the simulation scheduler.",
                "",
                "The suite: 400 generated cases run with every invariant on, once in the fresh JVM (cold), then",
                "unmeasured until the JIT has settled (at most --suite-warmup), then measured: scheduler steps and",
                "cases per second, and steps per CPU-second of the whole JVM (the per-core figure; target 100,000).",
                "The scheduler: switches per second for a 2-task ping-pong and a 16-task mix, and the raw baton",
                "handoff rate of two bare virtual threads (the physical limit of the design) and of two platform",
                "threads. Prints the median of the measured iterations with min and max; progress goes to",
                "standard error. Takes one to three minutes (most of it the suite's warm-up).",
                "The campaigns, each in fresh JVMs: 'fuzz --cases K' with 1 job and with --jobs N (cases per second",
                "from start to exit, the speedup, and whether both ran the same cases); and the first 10 seconds",
                "and the first --start-time of a fresh fuzz JVM with and without the warm-start cache, next to",
                "the rate over that run's last third. Another two to four minutes. Every figure is wall-clock:",
                "the machine's load average at the start and end is printed with them.",
                ""})
final class BenchCommand implements Callable<Integer> {
    /** The seed of the measured campaigns: fixed, so that two bench runs time the same cases. */
    static final long CAMPAIGN_SEED = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the figures as one JSON object on standard output instead of the table.")
    boolean json;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Unmeasured warm-up iterations per figure (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "5", description = "Measured iterations per figure (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--only", paramLabel = "WHAT", defaultValue = "all",
            description = "Which figures: all, suite, sched, jobs or start (default: ${DEFAULT-VALUE}).")
    String only;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Jobs of the scaling figure, compared with 1 job (default: the machine's cores).")
    Integer jobs;

    @Option(names = "--jobs-cases", paramLabel = "K", defaultValue = "20000",
            description = "Cases of the scaling figure's campaigns (default: ${DEFAULT-VALUE}).")
    long jobsCases;

    @Option(names = "--start-time", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long each fresh JVM of the warm-start figure runs (default: ${DEFAULT-VALUE}).")
    java.time.Duration startTime;

    @Option(names = "--suite-warmup", paramLabel = "DURATION", defaultValue = "3m", converter = DurationConverter.class,
            description = "Longest warm-up of the suite before it is measured anyway, e.g. 90s or 5m (default: ${DEFAULT-VALUE}).")
    java.time.Duration suiteWarmup;

    @Override
    public Integer call() {
        ArgumentLimits.checkCount(spec, "--warmup", warmup, 0, ArgumentLimits.MAX_ITERATIONS);
        ArgumentLimits.checkCount(spec, "--iterations", iterations, 1, ArgumentLimits.MAX_ITERATIONS);
        ArgumentLimits.checkDuration(spec, "--suite-warmup", suiteWarmup);
        BenchSuite.Scope scope = switch (only) {
            case "all" -> BenchSuite.Scope.ALL;
            case "suite" -> BenchSuite.Scope.SUITE;
            case "sched" -> BenchSuite.Scope.SCHED;
            case "jobs" -> BenchSuite.Scope.JOBS;
            case "start" -> BenchSuite.Scope.START;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--only must be all, suite, sched, jobs or start, got '" + only + "'");
        };
        if (jobsCases < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--jobs-cases must be at least 1, got "
                    + jobsCases);
        }
        int workers = JobsOption.resolve(spec, jobs);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchSuite suite = new BenchSuite(new BenchHarness(warmup, iterations), line -> {
            err.println(line);
            err.flush();
        }, suiteWarmup.toNanos(), iterations).withCampaigns(new CampaignBenchSettings(Main.class.getName(), workers,
                jobsCases, startTime.toNanos(), CAMPAIGN_SEED));
        BenchReport report = suite.run(scope);
        if (json) {
            out.println(report.toJson());
        } else {
            out.print(report.toTable());
        }
        out.flush();
        return 0;
    }
}
