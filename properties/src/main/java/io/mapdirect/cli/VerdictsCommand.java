package io.mapdirect.cli;

import io.mapdirect.corpus.Replay;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.Repair;
import io.mapdirect.report.ExplainFilter;
import io.mapdirect.report.RunPage;
import io.mapdirect.report.VerdictPage;
import io.mapdirect.verdict.Cell;
import io.mapdirect.verdict.VariantVerdict;
import io.mapdirect.verdict.VerdictRun;
import io.mapdirect.verdict.VerdictLines;
import io.mapdirect.verdict.VerdictTable;
import io.mapdirect.campaign.Workers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mapdirect verdicts}: the verdict table of spec §6. Every design variant, faults off,
 * runs the property suites' generated cases against every invariant; the table says, per variant and
 * invariant, holds / violated, and each violation comes with its shrunk counterexample and the
 * command that replays it.
 */
@Command(name = "verdicts", mixinStandardHelpOptions = true,
        description = {"Run every design variant (faults off) against every invariant and print the verdict table.",
                "",
                "Each variant runs the generated cases of the property suites from the seed. A cell is 'holds',",
                "'violated' (the design breaks it by design) or 'FINDING' (violated, though the design should",
                "keep it). Each violated cell is followed by its shrunk counterexample, as case text, and the",
                "command that replays it. With a seed and --budget the output is deterministic. Exits 1 if",
                "there is a FINDING, 2 on a bad command line. --jobs N runs the variants in N worker processes",
                "(default: one per core); the output is the same for any N.",
                ""})
final class VerdictsCommand implements Callable<Integer> {
    static final int DEFAULT_BUDGET = 1000;
    static final long DEFAULT_SEED = 20171006L;

    @Spec
    CommandSpec spec;

    @Option(names = "--budget", paramLabel = "N",
            description = "Cases per variant (default: " + DEFAULT_BUDGET + ", or no limit when --time is given).")
    Integer budget;

    @Option(names = "--time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wall-clock budget for the whole run, shared equally by the variants, e.g. 90s, 5m.")
    Duration time;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every variant's case stream (default: " + DEFAULT_SEED + ").")
    long seed = DEFAULT_SEED;

    @Option(names = "--variant", paramLabel = "V", split = ",",
            description = "Only these variants (default: all): ${COMPLETION-CANDIDATES}.")
    List<Variant> only;

    @Option(names = "--revert", paramLabel = "REPAIR", split = ",",
            description = "Revert these repairs in every case (run the posted line there): ${COMPLETION-CANDIDATES}.")
    List<Repair> revert;

    @Option(names = "--json", description = "Print one JSON object on standard output and the text report on standard error.")
    boolean json;

    @Option(names = "--html", paramLabel = "OUT",
            description = "Also write the table as a coloured HTML grid to OUT, and next to it one page per violated cell"
                    + " (OUT's name-VARIANT-INVARIANT.html) showing its shrunk counterexample's run.")
    Path html;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Run the variants in N worker processes side by side (default: the machine's cores; at most"
                    + " one per variant); the table is the one a single process prints. --jobs 1 runs in this process.")
    Integer jobs;

    /** Hidden: run as one worker of a --jobs run, printing {@link VerdictLines} instead of the table. */
    @Option(names = "--worker", hidden = true)
    boolean worker;

    @Override
    public Integer call() {
        ArgumentLimits.checkCount(spec, "--budget", budget, 1, ArgumentLimits.MAX_BUDGET);
        ArgumentLimits.checkDuration(spec, "--time", time);
        int maxCases = budget != null ? budget : time != null ? Integer.MAX_VALUE : DEFAULT_BUDGET;
        Set<Variant> chosen = only == null || only.isEmpty() ? EnumSet.allOf(Variant.class) : EnumSet.copyOf(only);
        int workers = worker ? 1 : JobsOption.resolve(spec, jobs);
        Set<Repair> reverted = revert == null || revert.isEmpty() ? Set.of() : EnumSet.copyOf(revert);
        if (worker) {
            inProcess(chosen, reverted, maxCases, null, System.nanoTime());
            return 0;
        }
        Output output = new Output(spec, json);
        PrintWriter out = output.text();
        PrintWriter err = output.progress();
        out.println("verdicts: seed " + seed + ", " + (maxCases == Integer.MAX_VALUE ? "no case limit" : maxCases + " cases per variant")
                + (time != null ? ", time limit " + time.toSeconds() + "s" : "") + ", faults off"
                + (revert == null || revert.isEmpty() ? "" : ", reverted " + revert) + ", every invariant");
        out.flush();
        long startNs = System.nanoTime();
        List<VariantVerdict> results;
        try {
            results = workers == 1 || chosen.size() == 1 ? inProcess(chosen, reverted, maxCases, err, startNs)
                    : new ParallelVerdicts(seed, budget, time, revert, err).run(chosen, workers);
        } catch (Workers.Failed e) {
            err.println("verdicts: " + e.getMessage());
            return 1;
        }
        VerdictTable table = new VerdictTable(seed, maxCases == Integer.MAX_VALUE ? 0 : maxCases, results);
        out.print(table.render());
        out.flush();
        if (html != null && !writePages(table, err)) {
            return 1;
        }
        int used = Math.min(workers, chosen.size());
        err.println(String.format(Locale.ROOT, "verdicts: done in %.1fs (%d %s)", (System.nanoTime() - startNs) / 1e9, used,
                used == 1 ? "job" : "jobs"));
        output.flush();
        output.document(table.json());
        return table.findings().isEmpty() ? 0 : 1;
    }

    /** The table page and, next to it, a page per violated cell; false if one cannot be written. */
    private boolean writePages(VerdictTable table, PrintWriter err) {
        String file = html.getFileName().toString();
        String stem = file.endsWith(".html") ? file.substring(0, file.length() - ".html".length()) : file;
        Path dir = html.toAbsolutePath().getParent();
        for (Cell cell : table.cells()) {
            Replay.Replayed replayed = Replay.run(cell.shrunk());
            String name = VerdictPage.cellPageName(stem, cell);
            RunPage.Run run = new RunPage.Run(name, cell.shrunk(), replayed.result(), replayed.verdict(), table.replay(cell));
            if (!Pages.write(dir.resolve(name), RunPage.render(run, ExplainFilter.INVARIANT_RELEVANT), err, "verdicts")) {
                return false;
            }
        }
        if (!Pages.write(html, VerdictPage.render(table, cell -> VerdictPage.cellPageName(stem, cell)), err, "verdicts")) {
            return false;
        }
        err.println("verdicts: wrote " + html + " and " + table.cells().size() + " case pages next to it");
        return true;
    }

    /**
     * Runs {@code chosen} one after another in this process; each variant's line goes to {@code err},
     * or, in a worker ({@code err} null), the variant's {@link VerdictLines} go to standard output.
     */
    private List<VariantVerdict> inProcess(Set<Variant> chosen, Set<Repair> reverted, int maxCases, PrintWriter err,
                                          long startNs) {
        PrintWriter out = spec.commandLine().getOut();
        List<VariantVerdict> results = new ArrayList<>();
        int index = 0;
        for (Variant variant : chosen) {
            index++;
            long variantStartNs = System.nanoTime();
            long deadlineNs = time == null ? Long.MAX_VALUE : startNs + time.toNanos() * index / chosen.size();
            VariantVerdict verdict = VerdictRun.run(variant, reverted, Long.toString(seed), maxCases,
                    () -> System.nanoTime() < deadlineNs);
            results.add(verdict);
            long millis = (System.nanoTime() - variantStartNs) / 1_000_000;
            if (err == null) {
                VerdictLines.of(verdict, millis).forEach(out::println);
                out.flush();
            } else {
                variantLine(err, verdict, millis);
            }
        }
        return results;
    }

    /** The progress line of one finished variant. */
    static void variantLine(PrintWriter err, VariantVerdict verdict, long millis) {
        err.println(String.format(Locale.ROOT, "verdicts: %s: %d cases, %d violated invariants, %.1fs", verdict.variant(),
                verdict.cases(), verdict.violated().size(), millis / 1e3));
        err.flush();
    }
}
