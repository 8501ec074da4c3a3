package io.mapdirect.cli;

import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.Repair;
import io.mapdirect.verdict.VariantVerdict;
import io.mapdirect.verdict.VerdictRun;
import io.mapdirect.verdict.VerdictTable;
import java.io.PrintWriter;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mapdirect verdicts}: the verdict table of SPEC section 6. Every design variant, faults off,
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
                "there is a FINDING, 2 on a bad command line.",
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

    @Option(names = "--json", description = "Make the last line of output one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if (budget != null && budget < 1) {
            throw new ParameterException(spec.commandLine(), "--budget must be at least 1, got " + budget);
        }
        int maxCases = budget != null ? budget : time != null ? Integer.MAX_VALUE : DEFAULT_BUDGET;
        Set<Variant> chosen = only == null || only.isEmpty() ? EnumSet.allOf(Variant.class) : EnumSet.copyOf(only);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println("verdicts: seed " + seed + ", " + (maxCases == Integer.MAX_VALUE ? "no case limit" : maxCases + " cases per variant")
                + (time != null ? ", time limit " + time.toSeconds() + "s" : "") + ", faults off"
                + (revert == null || revert.isEmpty() ? "" : ", reverted " + revert) + ", every invariant");
        out.flush();
        List<VariantVerdict> results = new ArrayList<>();
        long startNs = System.nanoTime();
        int index = 0;
        for (Variant variant : chosen) {
            index++;
            long variantStartNs = System.nanoTime();
            long deadlineNs = time == null ? Long.MAX_VALUE : startNs + time.toNanos() * index / chosen.size();
            Set<Repair> reverted = revert == null || revert.isEmpty() ? Set.of() : EnumSet.copyOf(revert);
            VariantVerdict verdict = VerdictRun.run(variant, reverted, Long.toString(seed), maxCases,
                    () -> System.nanoTime() < deadlineNs);
            results.add(verdict);
            err.println(String.format(Locale.ROOT, "verdicts: %s: %d cases, %d violated invariants, %.1fs", variant,
                    verdict.cases(), verdict.violated().size(), (System.nanoTime() - variantStartNs) / 1e9));
            err.flush();
        }
        VerdictTable table = new VerdictTable(seed, maxCases == Integer.MAX_VALUE ? 0 : maxCases, results);
        out.print(table.render());
        if (json) {
            out.println(table.json());
        }
        out.flush();
        err.println(String.format(Locale.ROOT, "verdicts: done in %.1fs", (System.nanoTime() - startNs) / 1e9));
        err.flush();
        return table.findings().isEmpty() ? 0 : 1;
    }
}
