package io.mapdirect.cli;

import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Runs;
import io.mapdirect.killmatrix.HuntOutcome;
import io.mapdirect.killmatrix.HuntReport;
import io.mapdirect.killmatrix.HuntSummary;
import io.mapdirect.killmatrix.KillMatrix;
import io.mapdirect.killmatrix.KillRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mapdirect hunt}: the kill matrix's hunt from seeds other than the build's, to see how robust
 * its detection is (the table of docs/experiments.md, "The kill matrix over ten seeds"), and the hunt
 * of the hand-breaks ({@code --hand-breaks}, docs/experiments.md, "Hand-breaks").
 */
@Command(name = "hunt", mixinStandardHelpOptions = true,
        description = {"Hunt each fault of the kill matrix (known bugs, hand-breaks) from several seeds and summarise detection.",
                "",
                "For every fault (default: the twelve known bugs; with --hand-breaks the sixteen hand-breaks,",
                "test-only faults written into the model by hand) and every seed FIRST, FIRST+1, ..., the fault is put",
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
            completionCandidates = FaultNames.class,
            description = "Only these faults, known bugs or hand-breaks (default: every row of the table hunted): "
                    + "${COMPLETION-CANDIDATES}.")
    List<String> faults;

    @Option(names = "--hand-breaks", description = "Hunt the hand-breaks' rows instead of the known bugs'.")
    boolean handBreaks;

    @Option(names = "--save-cases", paramLabel = "DIR",
            description = "Write each fault's minimized case from the first seed that found it to DIR, one corpus file per "
                    + "fault named after it (LEASE_ERR_PATH: lease-err-path.case).")
    Path saveCases;

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
        if (pctPercent < 0 || pctPercent > 100) {
            throw new ParameterException(spec.commandLine(), "--pct must be 0 to 100, got " + pctPercent);
        }
        if (worker) {
            ParallelHunt.work(pairs == null ? List.of() : pairs.stream().map(ParallelHunt.Pair::parse).toList(), budget,
                    pctPercent, spec.commandLine().getOut());
            return 0;
        }
        int workers = JobsOption.resolve(spec, jobs);
        List<String> seedList = LongStream.range(0, seeds).mapToObj(k -> Long.toString(firstSeed + k)).toList();
        PrintWriter err = spec.commandLine().getErr();
        // --save-cases needs the shrunk cases, which only an in-process hunt keeps.
        List<HuntSummary> summaries = workers == 1 || saveCases != null ? inProcess(seedList, err)
                : inWorkers(seedList, workers, err);
        HuntReport report = new HuntReport(seedList, budget, pctPercent, summaries);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() + System.lineSeparator() : report.render());
        out.flush();
        return report.allDetected() ? 0 : 1;
    }

    private List<HuntSummary> inProcess(List<String> seedList, PrintWriter err) {
        List<HuntSummary> summaries = new ArrayList<>();
        for (KillRow row : rows()) {
            List<HuntOutcome> outcomes = seedList.stream().map(seed -> KillMatrix.hunt(row, seed, budget, pctPercent))
                    .toList();
            HuntSummary summary = new HuntSummary(row, budget, outcomes);
            summaries.add(summary);
            save(row, outcomes);
            progress(err, summary, seedList.size());
        }
        return summaries;
    }

    /** The same hunts in worker processes; a fault's line is printed when its last seed is in. */
    private List<HuntSummary> inWorkers(List<String> seedList, int workers, PrintWriter err) {
        List<ParallelHunt.Pair> all = new ArrayList<>();
        for (KillRow row : rows()) {
            seedList.forEach(seed -> all.add(new ParallelHunt.Pair(ParallelHunt.ROWS.indexOf(row), seed)));
        }
        Map<Integer, Integer> pending = new HashMap<>();
        all.forEach(pair -> pending.merge(pair.row(), 1, Integer::sum));
        Map<ParallelHunt.Pair, HuntOutcome> outcomes = new HashMap<>();
        new ParallelHunt(budget, pctPercent).run(all, workers, (pair, outcome) -> {
            outcomes.put(pair, outcome);
            if (pending.merge(pair.row(), -1, Integer::sum) == 0) {
                progress(err, summaryOf(ParallelHunt.ROWS.get(pair.row()), seedList, outcomes), seedList.size());
            }
        });
        return rows().stream().map(row -> summaryOf(row, seedList, outcomes)).toList();
    }

    private HuntSummary summaryOf(KillRow row, List<String> seedList, Map<ParallelHunt.Pair, HuntOutcome> outcomes) {
        int index = ParallelHunt.ROWS.indexOf(row);
        return new HuntSummary(row, budget,
                seedList.stream().map(seed -> outcomes.get(new ParallelHunt.Pair(index, seed))).toList());
    }

    private static void progress(PrintWriter err, HuntSummary summary, int seedCount) {
        err.println(String.format(Locale.ROOT, "hunt: %s found from %d of %d seeds", summary.row().fault(),
                summary.detected(), seedCount));
        err.flush();
    }

    /** The names of every kill-matrix row's fault, known bugs first: what {@code --fault} accepts. */
    static final class FaultNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Stream.concat(KillMatrix.TABLE.stream(), KillMatrix.HAND_BREAKS.stream()).map(r -> r.fault().name())
                    .iterator();
        }
    }

    private List<KillRow> rows() {
        List<KillRow> table = handBreaks ? KillMatrix.HAND_BREAKS : KillMatrix.TABLE;
        if (faults == null || faults.isEmpty()) {
            return table;
        }
        List<KillRow> every = Stream.concat(KillMatrix.TABLE.stream(), KillMatrix.HAND_BREAKS.stream()).toList();
        Set<String> known = every.stream().map(r -> r.fault().name()).collect(Collectors.toSet());
        for (String fault : faults) {
            if (!known.contains(fault)) {
                throw new ParameterException(spec.commandLine(), "--fault " + fault + " has no kill-matrix row (known bugs: "
                        + names(KillMatrix.TABLE) + "; hand-breaks: " + names(KillMatrix.HAND_BREAKS) + ")");
            }
        }
        return every.stream().filter(r -> faults.contains(r.fault().name())).toList();
    }

    private static String names(List<KillRow> table) {
        return table.stream().map(r -> r.fault().name()).collect(Collectors.joining(", "));
    }

    private void save(KillRow row, List<HuntOutcome> outcomes) {
        if (saveCases == null) {
            return;
        }
        outcomes.stream().filter(HuntOutcome::detected).findFirst().ifPresent(found -> {
            String findings = Runs.runFindings(found.shrunk(), false).violations().stream().map(v -> v.id().name())
                    .distinct().collect(Collectors.joining(", "));
            Case shrunk = found.shrunk().withExpect(findings)
                    .withHeader(row.fault().name() + " on " + row.variant() + ", minimized from the hunt",
                            "./mapdirect hunt --fault " + row.fault().name() + " --first-seed " + found.seed()
                                    + " --seeds 1 --budget " + budget + ": found at try " + found.triesToDetect()
                                    + ", minimized");
            try {
                Files.createDirectories(saveCases);
                Files.writeString(saveCases.resolve(row.fault().name().toLowerCase(Locale.ROOT).replace('_', '-') + ".case"),
                        CaseWriter.write(shrunk));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void requireAtLeastOne(String option, int value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1, got " + value);
        }
    }
}
