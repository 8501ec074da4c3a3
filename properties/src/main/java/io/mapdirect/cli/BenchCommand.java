package io.mapdirect.cli;

import io.mapdirect.bench.BenchHarness;
import io.mapdirect.bench.BenchReport;
import io.mapdirect.bench.BenchSuite;
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
                ""})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the figures as one JSON object on standard output instead of the table.")
    boolean json;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Unmeasured warm-up iterations per figure (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "5", description = "Measured iterations per figure (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--only", paramLabel = "WHAT", defaultValue = "all",
            description = "Which figures: all, suite or sched (default: ${DEFAULT-VALUE}).")
    String only;

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
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--only must be all, suite or sched, got '" + only + "'");
        };
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchSuite suite = new BenchSuite(new BenchHarness(warmup, iterations), line -> {
            err.println(line);
            err.flush();
        }, suiteWarmup.toNanos(), iterations);
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
