package io.mapdirect.cli;

import io.mapdirect.kernel.KnownBug;
import io.mapdirect.killmatrix.HuntOutcome;
import io.mapdirect.killmatrix.HuntReport;
import io.mapdirect.killmatrix.HuntSummary;
import io.mapdirect.killmatrix.KillMatrix;
import io.mapdirect.killmatrix.KillRow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mapdirect hunt}: the kill matrix's hunt from seeds other than the build's, to see how robust
 * its detection is (the table of docs/experiments.md, "The kill matrix over ten seeds").
 */
@Command(name = "hunt", mixinStandardHelpOptions = true,
        description = {"Hunt each known bug of the kill matrix from several seeds and summarise detection.",
                "",
                "For every fault (default: all twelve) and every seed FIRST, FIRST+1, ..., the fault is put back",
                "into its variant and the property suites' generated cases run until one breaks the invariant the",
                "fault breaks (at most --budget tries); that case is minimized. Prints, per fault, from how many",
                "seeds it was found, the median and range of the tries and of the shrunk case's operations (a miss",
                "counts as more than the budget for the median). Deterministic for the same options. Exits 1 if",
                "some fault was missed from some seed, 2 on a bad command line.",
                ""})
final class HuntCommand implements Callable<Integer> {
    static final long DEFAULT_FIRST_SEED = 20171001L;
    static final int DEFAULT_SEEDS = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--fault", paramLabel = "F", split = ",",
            description = "Only these faults (default: all): ${COMPLETION-CANDIDATES}.")
    List<KnownBug> faults;

    @Option(names = "--seeds", paramLabel = "N", description = "How many seeds (default: " + DEFAULT_SEEDS + ").")
    int seeds = DEFAULT_SEEDS;

    @Option(names = "--first-seed", paramLabel = "S", description = "The first seed (default: " + DEFAULT_FIRST_SEED + ").")
    long firstSeed = DEFAULT_FIRST_SEED;

    @Option(names = "--budget", paramLabel = "N",
            description = "Tries per fault and seed (default: " + KillMatrix.CI_BUDGET + ", the build's).")
    int budget = KillMatrix.CI_BUDGET;

    @Option(names = "--pct", paramLabel = "PERCENT",
            description = "Give this share of the cases, 0 to 100, a PCT schedule (random priorities, up to two change points) instead of the list schedule (default: 0, the build's generator).")
    int pctPercent;

    @Option(names = "--json", description = "Print one JSON object on standard output instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        requireAtLeastOne("--seeds", seeds);
        requireAtLeastOne("--budget", budget);
        if (pctPercent < 0 || pctPercent > 100) {
            throw new ParameterException(spec.commandLine(), "--pct must be 0 to 100, got " + pctPercent);
        }
        List<String> seedList = LongStream.range(0, seeds).mapToObj(k -> Long.toString(firstSeed + k)).toList();
        PrintWriter err = spec.commandLine().getErr();
        List<HuntSummary> summaries = new ArrayList<>();
        for (KillRow row : rows()) {
            List<HuntOutcome> outcomes = seedList.stream().map(seed -> KillMatrix.hunt(row, seed, budget, pctPercent)).toList();
            HuntSummary summary = new HuntSummary(row, budget, outcomes);
            summaries.add(summary);
            err.println(String.format(Locale.ROOT, "hunt: %s found from %d of %d seeds", row.fault(), summary.detected(),
                    seedList.size()));
            err.flush();
        }
        HuntReport report = new HuntReport(seedList, budget, pctPercent, summaries);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() + System.lineSeparator() : report.render());
        out.flush();
        return report.allDetected() ? 0 : 1;
    }

    private List<KillRow> rows() {
        if (faults == null || faults.isEmpty()) {
            return KillMatrix.TABLE;
        }
        for (KnownBug fault : faults) {
            if (KillMatrix.TABLE.stream().noneMatch(r -> r.fault() == fault)) {
                throw new ParameterException(spec.commandLine(), "--fault " + fault + " has no kill-matrix row");
            }
        }
        return KillMatrix.TABLE.stream().filter(r -> faults.contains(r.fault())).toList();
    }

    private void requireAtLeastOne(String option, int value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1, got " + value);
        }
    }
}
