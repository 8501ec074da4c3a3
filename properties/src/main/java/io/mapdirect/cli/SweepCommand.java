package io.mapdirect.cli;

import io.mapdirect.check.InvariantId;
import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.gen.PreemptionSweep;
import io.mapdirect.gen.PreemptionSweep.Preemption;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.KnownBug;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mapdirect sweep}: where in a tight race one preemption makes something happen. The hot
 * windows the generator's tight-race shapes preempt in were measured with it (docs/experiments.md).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Sweep one preemption over every decision point of generated tight-race cases.",
                "",
                "Generates --cases cases of one racing shape (tight-race or lifecycle) for the variant (with --fault on, if given) and runs",
                "each with a single preemption at every decision point 0..--max-at and every choice 1-3. Prints how",
                "many cases some preemption makes hit the target (an invariant violated, or a probe reached) and,",
                "per (decision, choice), in how many cases it does; then the first hitting case. Deterministic for",
                "the same options. Exits 0 (a sweep measures; it does not judge), 2 on a bad command line.",
                ""})
final class SweepCommand implements Callable<Integer> {
    static final int DEFAULT_CASES = 200;
    static final int DEFAULT_MAX_AT = 45;
    static final long DEFAULT_SEED = 1L;

    @Spec
    CommandSpec spec;

    /** What counts as a hit: exactly one of an invariant or a probe. */
    static final class Target {
        @Option(names = "--invariant", paramLabel = "ID", required = true,
                description = "Hit when this invariant is violated: ${COMPLETION-CANDIDATES}.")
        InvariantId invariant;

        @Option(names = "--probe", paramLabel = "NAME", required = true,
                description = "Hit when the run reaches this probe, e.g. \"ODP fault raced an invalidation\".")
        String probe;

        Predicate<CaseResult> predicate() {
            return invariant != null ? r -> r.violated(invariant) : r -> r.probes().containsKey(probe);
        }

        String describe() {
            return invariant != null ? "invariant " + invariant : "probe \"" + probe + "\"";
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--variant", paramLabel = "V", description = "The variant (default: V8): ${COMPLETION-CANDIDATES}.")
    Variant variant = Variant.V8;

    @Option(names = "--fault", paramLabel = "F", description = "A fault to put back (default: none): ${COMPLETION-CANDIDATES}.")
    KnownBug fault;

    @Option(names = "--shape", paramLabel = "SHAPE",
            description = "The racing line-up (default: MAPPING_VS_FAULT): ${COMPLETION-CANDIDATES}.")
    PreemptionSweep.Shape shape = PreemptionSweep.Shape.MAPPING_VS_FAULT;

    @Option(names = "--cases", paramLabel = "N", description = "Generated cases to sweep (default: " + DEFAULT_CASES + ").")
    int cases = DEFAULT_CASES;

    @Option(names = "--max-at", paramLabel = "D", description = "The last decision point to preempt at (default: " + DEFAULT_MAX_AT + ").")
    int maxAt = DEFAULT_MAX_AT;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the generated cases (default: " + DEFAULT_SEED + ").")
    long seed = DEFAULT_SEED;

    @Option(names = "--json", description = "Print one JSON object on standard output instead of the text report.")
    boolean json;

    @Override
    public Integer call() {
        if (cases < 1) {
            throw new ParameterException(spec.commandLine(), "--cases must be at least 1, got " + cases);
        }
        if (maxAt < 0) {
            throw new ParameterException(spec.commandLine(), "--max-at must be at least 0, got " + maxAt);
        }
        Set<KnownBug> faults = fault == null ? Set.of() : Set.of(fault);
        PreemptionSweep.Result result = PreemptionSweep.sweep(variant, faults, shape, target.predicate(), cases, maxAt,
                Long.toString(seed));
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(result) + System.lineSeparator() : text(result));
        out.flush();
        return 0;
    }

    private String text(PreemptionSweep.Result result) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "sweep: %s, fault %s, shape %s, seed %d, %d cases, decisions 0-%d, choices 1-3, target %s%n", variant,
                fault == null ? "none" : fault, shape, seed, cases, maxAt, target.describe()));
        out.append(String.format(Locale.ROOT, "cases with a hit: %d of %d%n", result.casesWithHit(), result.cases()));
        for (Map.Entry<Preemption, Integer> e : result.casesPerPreemption().entrySet()) {
            out.append(String.format(Locale.ROOT, "  decision %3d, choice %d: %d case%s%n", e.getKey().at(), e.getKey().choice(),
                    e.getValue(), e.getValue() == 1 ? "" : "s"));
        }
        result.firstHit().ifPresent(c -> out.append("first hitting case:").append(System.lineSeparator())
                .append(CaseWriter.write(c)));
        return out.toString();
    }

    private String json(PreemptionSweep.Result result) {
        List<String> hits = result.casesPerPreemption().entrySet().stream()
                .map(e -> "{\"at\":" + e.getKey().at() + ",\"choice\":" + e.getKey().choice() + ",\"cases\":" + e.getValue() + "}")
                .toList();
        return "{\"command\":\"sweep\",\"variant\":\"" + variant + "\",\"fault\":" + (fault == null ? "null" : "\"" + fault + "\"")
                + ",\"shape\":\"" + shape + "\",\"seed\":" + seed + ",\"cases\":" + result.cases() + ",\"maxAt\":" + maxAt
                + ",\"target\":" + jsonTarget() + ",\"casesWithHit\":" + result.casesWithHit()
                + ",\"hits\":" + hits.stream().collect(Collectors.joining(",", "[", "]")) + "}";
    }

    private String jsonTarget() {
        return target.invariant != null ? "{\"invariant\":\"" + target.invariant + "\"}"
                : "{\"probe\":\"" + target.probe.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }
}
