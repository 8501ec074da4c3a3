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

/** {@code mapdirect bench}: measures the scheduler's switch rate next to the raw thread handoff rate. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the simulation scheduler's switch rate.",
                "",
                "Switches per second for a 2-task ping-pong and a 16-task mix through the scheduler, and the raw",
                "baton handoff rate of two bare virtual threads (the physical limit of the design) and of two",
                "platform threads, all in the same JVM. Prints the median of the measured iterations with min",
                "and max; progress goes to standard error. Takes about twenty seconds.",
                ""})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Make the last line of output one JSON object with the figures.")
    boolean json;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Unmeasured warm-up iterations per figure (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "5", description = "Measured iterations per figure (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Override
    public Integer call() {
        if (warmup < 0 || iterations < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--warmup must be >= 0 and --iterations >= 1, got " + warmup + " and " + iterations);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchSuite suite = new BenchSuite(new BenchHarness(warmup, iterations), line -> {
            err.println(line);
            err.flush();
        });
        BenchReport report = suite.run();
        if (json) {
            out.println(report.toJson());
        } else {
            out.print(report.toTable());
        }
        out.flush();
        return 0;
    }
}
