package io.mapdirect.cli;

import io.mapdirect.campaign.Workers;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.Repair;
import io.mapdirect.verdict.VariantVerdict;
import io.mapdirect.verdict.VerdictLines;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code verdicts --jobs N} with N above 1: the variants dealt round-robin to N worker JVMs
 * ({@link Workers}), each running its variants with the same seed, budget and time limit as one
 * process would (a variant's cases depend only on the seed and the variant), and the verdicts read
 * back ({@link VerdictLines}) in the order of the variants.
 */
final class ParallelVerdicts {
    private final long seed;
    private final Integer budget;
    private final Duration time;
    private final List<Repair> revert;
    private final PrintWriter err;

    ParallelVerdicts(long seed, Integer budget, Duration time, List<Repair> revert, PrintWriter err) {
        this.seed = seed;
        this.budget = budget;
        this.time = time;
        this.revert = revert == null ? List.of() : List.copyOf(revert);
        this.err = err;
    }

    List<VariantVerdict> run(Set<Variant> chosen, int jobs) {
        List<Variant> variants = new ArrayList<>(chosen);
        int workers = Math.min(jobs, variants.size());
        List<List<Variant>> dealt = Workers.deal(variants, workers);
        Map<Variant, VariantVerdict> verdicts = new EnumMap<>(Variant.class);
        List<VerdictLines.Reader> readers = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            readers.add(new VerdictLines.Reader((verdict, millis) -> {
                verdicts.put(verdict.variant(), verdict);
                VerdictsCommand.variantLine(err, verdict, millis);
            }));
        }
        int[] statuses = Workers.ofMain(Main.class.getName()).run(dealt.stream().map(this::argumentsOf).toList(),
                (w, line) -> readers.get(w).accept(line));
        for (int w = 0; w < workers; w++) {
            if (statuses[w] != 0 || !verdicts.keySet().containsAll(dealt.get(w))) {
                throw new Workers.Failed("worker " + w + " of " + workers + " (variants " + dealt.get(w)
                        + ") failed with exit status " + statuses[w] + "; its error is above");
            }
        }
        return variants.stream().map(verdicts::get).toList();
    }

    private List<String> argumentsOf(List<Variant> variants) {
        List<String> arguments = new ArrayList<>(List.of("verdicts", "--worker", "--jobs", "1", "--seed",
                Long.toString(seed), "--variant", variants.stream().map(Variant::name).collect(Collectors.joining(","))));
        if (budget != null) {
            arguments.addAll(List.of("--budget", Integer.toString(budget)));
        }
        if (time != null) {
            arguments.addAll(List.of("--time", time.toMillis() + "ms"));
        }
        if (!revert.isEmpty()) {
            arguments.addAll(List.of("--revert", revert.stream().map(Repair::name).collect(Collectors.joining(","))));
        }
        return arguments;
    }
}
