package io.mapdirect.cli;

import io.mapdirect.kernel.KnownBug;
import io.mapdirect.killmatrix.HuntOutcome;
import io.mapdirect.killmatrix.HuntReport;
import io.mapdirect.killmatrix.HuntSummary;
import io.mapdirect.killmatrix.KillMatrix;
import io.mapdirect.killmatrix.KillRow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
                "counts as more than the budget for the median). Deterministic for the same options: --jobs N",
                "runs the hunts in N worker processes and prints the same table. Exits 1 if some fault was",
                "missed from some seed, 2 on a bad command line.",
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

    @Option(names = "--json", description = "Print one JSON object on standard output instead of the table.")
    boolean json;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Run the (fault, seed) hunts in N worker processes side by side (default: the machine's cores);"
                    + " the table is the one a single process prints. --jobs 1 runs in this process.")
    Integer jobs;

    /** Hidden: run as one worker of a --jobs run, printing one line per hunt ({@link ParallelHunt}). */
    @Option(names = "--worker", hidden = true)
    boolean worker;

    /** Hidden: a worker's hunts, {@code ROW:SEED,...} with ROW an index into the kill-matrix table. */
    @Option(names = "--pairs", hidden = true, split = ",")
    List<String> pairs;

    @Override
    public Integer call() {
        requireAtLeastOne("--seeds", seeds);
        requireAtLeastOne("--budget", budget);
        if (worker) {
            ParallelHunt.work(pairs == null ? List.of() : pairs.stream().map(ParallelHunt.Pair::parse).toList(), budget,
                    spec.commandLine().getOut());
            return 0;
        }
        int workers = JobsOption.resolve(spec, jobs);
        List<String> seedList = LongStream.range(0, seeds).mapToObj(k -> Long.toString(firstSeed + k)).toList();
        PrintWriter err = spec.commandLine().getErr();
        List<HuntSummary> summaries = workers == 1 ? inProcess(seedList, err) : inWorkers(seedList, workers, err);
        HuntReport report = new HuntReport(seedList, budget, summaries);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() + System.lineSeparator() : report.render());
        out.flush();
        return report.allDetected() ? 0 : 1;
    }

    private List<HuntSummary> inProcess(List<String> seedList, PrintWriter err) {
        List<HuntSummary> summaries = new ArrayList<>();
        for (KillRow row : rows()) {
            List<HuntOutcome> outcomes = seedList.stream().map(seed -> KillMatrix.hunt(row, seed, budget)).toList();
            HuntSummary summary = new HuntSummary(row, budget, outcomes);
            summaries.add(summary);
            progress(err, summary, seedList.size());
        }
        return summaries;
    }

    /** The same hunts in worker processes; a fault's line is printed when its last seed is in. */
    private List<HuntSummary> inWorkers(List<String> seedList, int workers, PrintWriter err) {
        List<ParallelHunt.Pair> all = new ArrayList<>();
        for (KillRow row : rows()) {
            seedList.forEach(seed -> all.add(new ParallelHunt.Pair(KillMatrix.TABLE.indexOf(row), seed)));
        }
        Map<Integer, Integer> pending = new HashMap<>();
        all.forEach(pair -> pending.merge(pair.row(), 1, Integer::sum));
        Map<ParallelHunt.Pair, HuntOutcome> outcomes = new HashMap<>();
        new ParallelHunt(budget).run(all, workers, (pair, outcome) -> {
            outcomes.put(pair, outcome);
            if (pending.merge(pair.row(), -1, Integer::sum) == 0) {
                progress(err, summaryOf(KillMatrix.TABLE.get(pair.row()), seedList, outcomes), seedList.size());
            }
        });
        return rows().stream().map(row -> summaryOf(row, seedList, outcomes)).toList();
    }

    private HuntSummary summaryOf(KillRow row, List<String> seedList, Map<ParallelHunt.Pair, HuntOutcome> outcomes) {
        int index = KillMatrix.TABLE.indexOf(row);
        return new HuntSummary(row, budget,
                seedList.stream().map(seed -> outcomes.get(new ParallelHunt.Pair(index, seed))).toList());
    }

    private static void progress(PrintWriter err, HuntSummary summary, int seedCount) {
        err.println(String.format(Locale.ROOT, "hunt: %s found from %d of %d seeds", summary.row().fault(),
                summary.detected(), seedCount));
        err.flush();
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
