package io.mapdirect.verdict;

import io.mapdirect.check.InvariantId;
import io.mapdirect.check.Violation;
import io.mapdirect.gen.CaseGen;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseMinimizer;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.CaseSampler;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.Repair;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Runs one variant, faults off (a {@code *_POSTED} variant: its own known bugs on, its repairs
 * reverted), against every invariant: the variant's generated cases from the
 * seed (the generator of the property suites, unchanged), each checked by every invariant without
 * stopping at the first violation. The first case violating an invariant is kept and, at the end,
 * minimized against "still violates this invariant", and for a posted variant attributed
 * ({@link Attribution}). Deterministic for a seed and a case budget.
 */
public final class VerdictRun {
    private VerdictRun() {
    }

    /**
     * Runs up to {@code maxCases} cases of {@code variant} from {@code seed}, fewer if
     * {@code keepGoing} turns false (a time budget; the result then depends on the machine's speed).
     */
    public static VariantVerdict run(Variant variant, String seed, int maxCases, BooleanSupplier keepGoing) {
        return run(variant, Set.of(), seed, maxCases, keepGoing);
    }

    /**
     * As {@link #run(Variant, String, int, BooleanSupplier)}, with {@code reverted} repairs reverted
     * in every case (the same cases otherwise): what running the posted line at those places changes.
     */
    public static VariantVerdict run(Variant variant, Set<Repair> reverted, String seed, int maxCases,
                                     BooleanSupplier keepGoing) {
        // One virtual thread for the whole loop: no case start or end wakes a platform thread.
        return io.mapdirect.sim.VirtualDriver.call(() -> runHere(variant, reverted, seed, maxCases, keepGoing));
    }

    private static VariantVerdict runHere(Variant variant, Set<Repair> reverted, String seed, int maxCases,
                                          BooleanSupplier keepGoing) {
        Iterator<Case> generated = CaseSampler.stream(CaseGen.cases(variant, Set.of()), seed);
        Iterator<Case> cases = reverted.isEmpty() ? generated : new Iterator<>() {
            @Override
            public boolean hasNext() {
                return generated.hasNext();
            }

            @Override
            public Case next() {
                return generated.next().withReverted(reverted);
            }
        };
        Map<InvariantId, Case> firstCase = new EnumMap<>(InvariantId.class);
        Map<InvariantId, Integer> firstIndex = new EnumMap<>(InvariantId.class);
        Map<InvariantId, Integer> count = new EnumMap<>(InvariantId.class);
        int ran = 0;
        while (ran < maxCases && keepGoing.getAsBoolean()) {
            Case c = cases.next();
            ran++;
            for (Violation violation : Runs.run(c, false).violations()) {
                count.merge(violation.id(), 1, Integer::sum);
                if (firstCase.putIfAbsent(violation.id(), c) == null) {
                    firstIndex.put(violation.id(), ran);
                }
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (Map.Entry<InvariantId, Case> first : firstCase.entrySet()) {
            InvariantId id = first.getKey();
            cells.add(shrink(variant, id, first.getValue(), count.get(id), firstIndex.get(id), seed));
        }
        return new VariantVerdict(variant, ran, cells);
    }

    private static Cell shrink(Variant variant, InvariantId id, Case found, int violatedIn, int index, String seed) {
        Case shrunk = new CaseMinimizer(candidate -> Runs.run(candidate, false).violated(id)).minimize(found);
        CaseResult result = Runs.run(shrunk, false);
        Violation violation = result.violations().stream().filter(v -> v.id() == id).findFirst().orElseThrow();
        Case titled = shrunk.withExpect(result.verdict())
                .withHeader("verdicts: " + variant + " violates " + id, "found-by verdicts seed " + seed + " case " + index);
        Attribution attribution = variant.posted() ? Attribution.of(shrunk, id) : null;
        return new Cell(variant, id, violatedIn, index, titled, violation, attribution);
    }
}
