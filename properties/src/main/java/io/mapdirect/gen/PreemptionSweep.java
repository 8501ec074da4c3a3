package io.mapdirect.gen;

import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.CaseSampler;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.KnownBug;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Where a race can happen: generates cases of one racing shape and runs each with a single
 * preemption at every decision point up to {@code maxAt}, with every choice (1-3), recording which
 * (decision, choice) pairs make the target happen (an invariant broken, a probe reached). This is how
 * the hot windows of {@link TightRace}'s shapes were measured; {@code ./mapdirect sweep} runs it.
 */
public final class PreemptionSweep {
    /** The highest choice a preemption makes (the k-th other runnable task). */
    static final int MAX_CHOICE = 3;

    private PreemptionSweep() {
    }

    /** The line-up whose cases are swept: two tight-race shapes and two of {@link LifecycleShapes}. */
    public enum Shape {
        /** The holder's registration racing a breaker p1 (the holder's mmap is set-up). */
        REGISTRATION_VS_BREAK(new TightRace.Plan(0, 1, false, true, true, false), EnumSet.of(OpKind.RDMA)),
        /** The holder's MAP_DIRECT mmap racing another mapper p2's allocating fault (holes kept). */
        MAPPING_VS_FAULT(new TightRace.Plan(0, 1, true, false, false, true), EnumSet.noneOf(OpKind.class)),
        /** {@link LifecycleShapes#registrationAgainstBreak}: only the holder's registration and the break. */
        LIFECYCLE_REGISTRATION_VS_BREAK(null, null),
        /** {@link LifecycleShapes#mappingAgainstFault}: only the holder's mmap and the other mapper's store. */
        LIFECYCLE_MAPPING_VS_FAULT(null, null);

        final TightRace.Plan plan;
        final Set<OpKind> requiredKinds;

        Shape(TightRace.Plan plan, Set<OpKind> requiredKinds) {
            this.plan = plan;
            this.requiredKinds = requiredKinds;
        }

        Arbitrary<Case> cases(Variant variant, Set<KnownBug> faults) {
            return switch (this) {
                case REGISTRATION_VS_BREAK, MAPPING_VS_FAULT -> tightCases(variant, faults, this);
                case LIFECYCLE_REGISTRATION_VS_BREAK -> LifecycleShapes.registrationAgainstBreak(variant, faults);
                case LIFECYCLE_MAPPING_VS_FAULT -> LifecycleShapes.mappingAgainstFault(variant, faults);
            };
        }
    }

    /** A single preemption: at decision point {@code at}, switch to the {@code choice}-th other runnable task. */
    public record Preemption(int at, int choice) {
        static final Comparator<Preemption> ORDER = Comparator.comparingInt(Preemption::at).thenComparingInt(Preemption::choice);
    }

    /**
     * What a sweep found: how many cases were swept, how many have some preemption that hits, how many
     * cases each preemption hits in, and the first hitting case (with its preemption) if any.
     */
    public record Result(int cases, int casesWithHit, Map<Preemption, Integer> casesPerPreemption, Optional<Case> firstHit) {
        public Result {
            TreeMap<Preemption, Integer> sorted = new TreeMap<>(Preemption.ORDER);
            sorted.putAll(casesPerPreemption);
            casesPerPreemption = Collections.unmodifiableMap(sorted);
        }
    }

    /**
     * Sweeps {@code cases} generated cases of {@code shape} for {@code variant} with {@code faults} on,
     * drawn from {@code seed}; a run hits when {@code hit} holds for its result (judged with the
     * invariants the variant must keep).
     */
    public static Result sweep(Variant variant, Set<KnownBug> faults, Shape shape, Predicate<CaseResult> hit, int cases,
                               int maxAt, String seed) {
        Iterator<Case> tight = CaseSampler.stream(shape.cases(variant, faults), seed);
        Map<Preemption, Integer> perPreemption = new TreeMap<>(Preemption.ORDER);
        int withHit = 0;
        Case firstHit = null;
        for (int i = 0; i < cases; i++) {
            Case c = tight.next();
            boolean any = false;
            for (int at = 0; at <= maxAt; at++) {
                for (int choice = 1; choice <= MAX_CHOICE; choice++) {
                    Case preempted = c.withSchedule(preemptOnce(at, choice));
                    if (hit.test(Runs.runFindings(preempted, false))) {
                        perPreemption.merge(new Preemption(at, choice), 1, Integer::sum);
                        firstHit = firstHit == null ? preempted : firstHit;
                        any = true;
                    }
                }
            }
            withHit += any ? 1 : 0;
        }
        return new Result(cases, withHit, perPreemption, Optional.ofNullable(firstHit));
    }

    private static Arbitrary<Case> tightCases(Variant variant, Set<KnownBug> faults, Shape shape) {
        Arbitrary<Case> loose = Arbitraries.subsetOf(OpKind.values()).ofMinSize(3).flatMap(kinds -> {
            Set<OpKind> k = EnumSet.noneOf(OpKind.class);
            k.addAll(kinds);
            k.addAll(shape.requiredKinds);
            return CaseGen.looseCaseForTest(variant, faults, k);
        });
        return loose.map(c -> TightRace.apply(c, shape.plan));
    }

    private static int[] preemptOnce(int at, int choice) {
        int[] schedule = new int[at + 1];
        schedule[at] = choice;
        return schedule;
    }
}
