package io.mapdirect.gen;

import io.mapdirect.events.Op;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Step;
import io.mapdirect.harness.Variant;
import io.mapdirect.harness.WorldSpec;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.mm.MmapFlags;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generated cases: a world, five actors and a schedule, biased toward the interesting. One file
 * {@code /xfs/f} is everybody's target; pmem is small so freed blocks are reused at once; the
 * holder ({@code p0}) maps it MAP_DIRECT, may register an MR over it and react to SIGIO; a breaker
 * ({@code p1}) writes, fallocates, truncates or clones it; another process ({@code p2}) maps it
 * plainly and stores; a forked child ({@code c0}) unmaps or stores; the device ({@code nic}) writes
 * through the MR; the environment lets time pass, changes lease-break-time, interrupts the breaker
 * or crashes; with mapping probes p2 maps every kind of file with every flag combination. Every
 * length, offset, fallocate mode, credential and flag class is drawn sometimes ({@link ArgValues},
 * counted by {@link GeneratorCoverage}). Each case enables a random subset of operation kinds (swarm
 * testing). Resources have fixed names (r0 f for p0, r1 p0's mapping, r2 p0's MR, r3 f for p1, r4 f
 * for p2, r5 p2's mapping, r6 g for p1, r8 device-dax for p0, r9 its mapping, r10 its MR, r13 and
 * r14 a probe's file and mapping), so deleting steps keeps
 * every case valid, and jqwik shrinks steps by deletion, numbers toward small and the schedule
 * toward zeros.
 */
public final class CaseGen {
    static final long PAGE = 4096;
    static final long MS = 1_000_000L;
    static final long SEC = 1_000_000_000L;
    static final int RW = MmapFlags.PROT_READ | MmapFlags.PROT_WRITE;
    static final int DIRECT = MmapFlags.MAP_SHARED_VALIDATE | MmapFlags.MAP_DIRECT;
    static final String F = "/xfs/f";
    static final String G = "/xfs/g";

    private CaseGen() {
    }

    /** Cases of {@code variant} with {@code faults} injected. */
    public static Arbitrary<Case> cases(Variant variant, Set<KnownBug> faults) {
        Arbitrary<Case> swarm = Arbitraries.subsetOf(OpKind.values()).ofMinSize(3)
                .flatMap(kinds -> caseWith(variant, faults, kinds.isEmpty() ? EnumSet.noneOf(OpKind.class)
                        : EnumSet.copyOf(kinds)));
        return Arbitraries.frequencyOf(Tuple.of(SWARM_WEIGHT, swarm),
                Tuple.of(LIFECYCLE_WEIGHT, LifecycleShapes.of(variant, faults)));
    }

    /** Only the whole-lifecycle cases ({@link LifecycleShapes}) of {@code variant}, no fault: for their own properties. */
    public static Arbitrary<Case> lifecycleCases(Variant variant) {
        return LifecycleShapes.of(variant, Set.of());
    }

    /** Swarm cases (loose and tight) against {@link LifecycleShapes}' whole-lifecycle cases: 6 to 1. */
    static final int SWARM_WEIGHT = 6;
    static final int LIFECYCLE_WEIGHT = 1;

    /**
     * Cases of {@code variant} with {@code faults} injected, {@code pctPercent} percent of them with a
     * PCT schedule ({@link PctSchedules}) instead of the list schedule; 0 gives {@link #cases} itself.
     */
    public static Arbitrary<Case> cases(Variant variant, Set<KnownBug> faults, int pctPercent) {
        if (pctPercent < 0 || pctPercent > 100) {
            throw new IllegalArgumentException("PCT share " + pctPercent + "% is not 0 to 100");
        }
        if (pctPercent == 0) {
            return cases(variant, faults);
        }
        Arbitrary<Case> withPct = PctSchedules.of(cases(variant, faults));
        return pctPercent == 100 ? withPct
                : Arbitraries.frequencyOf(Tuple.of(100 - pctPercent, cases(variant, faults)), Tuple.of(pctPercent, withPct));
    }

    static Arbitrary<Case> caseWith(Variant variant, Set<KnownBug> faults, Set<OpKind> kinds) {
        Arbitrary<Case> loose = looseCase(variant, faults, kinds);
        Arbitrary<Case> tight = TightRace.of(loose);
        return Arbitraries.frequencyOf(Tuple.of(1, loose), Tuple.of(1, tight));
    }

    /** The untightened cases, for generator tests and {@link PreemptionSweep}. */
    static Arbitrary<Case> looseCaseForTest(Variant variant, Set<KnownBug> faults, Set<OpKind> kinds) {
        return looseCase(variant, faults, kinds);
    }

    private static Arbitrary<Case> looseCase(Variant variant, Set<KnownBug> faults, Set<OpKind> kinds) {
        return Combinators.combine(Worlds.world(kinds), Actors.holder(variant, kinds), Actors.breaker(kinds),
                        Actors.otherMapper(kinds), Actors.child(kinds), Actors.device(kinds), Actors.env(kinds), schedule())
                .as((world, p0, p1, p2, c0, nic, env, schedule) -> {
                    List<Step> steps = new ArrayList<>();
                    add(steps, "p0", p0);
                    add(steps, "p1", p1);
                    add(steps, "p2", p2);
                    add(steps, "c0", c0);
                    add(steps, "nic", nic);
                    add(steps, "env", env);
                    return new Case("generated", variant, faults, Case.PASS, "generated", world,
                            withoutOrphanChild(steps), schedule);
                });
    }

    private static void add(List<Step> steps, String actor, List<Op> ops) {
        for (Op op : ops) {
            steps.add(new Step(actor, op));
        }
    }

    /** A child's steps run only if some step forks it; without the fork they are dropped. */
    private static List<Step> withoutOrphanChild(List<Step> steps) {
        boolean forked = steps.stream().anyMatch(s -> s.op() instanceof Op.Fork);
        return forked ? steps : steps.stream().filter(s -> !s.actor().equals("c0")).toList();
    }

    /**
     * The schedule. Half the time a random list, mostly zeros (no preemption); half the time the
     * shape probabilistic concurrency testing favours: one or two preemptions at random decision
     * points, zeros elsewhere, so that a switch deep inside a call (the 22nd decision, say) is as
     * likely as one at the start.
     */
    static Arbitrary<int[]> schedule() {
        Arbitrary<Integer> choice = Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(2, 1), Tuple.of(1, 2), Tuple.of(1, 3));
        Arbitrary<int[]> random = choice.list().ofMaxSize(40).map(list -> list.stream().mapToInt(Integer::intValue).toArray());
        Arbitrary<int[]> preemptions = Combinators.combine(Arbitraries.integers().between(0, 50),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(0, 40), Arbitraries.of(0, 1, 2))
                .as(CaseGen::preempt);
        return Arbitraries.oneOf(random, preemptions);
    }

    /** Zeros with {@code first} at decision {@code at} and, if {@code second > 0}, another {@code gap} decisions later. */
    private static int[] preempt(int at, int first, int gap, int second) {
        int[] schedule = new int[at + 1 + (second > 0 ? gap + 1 : 0)];
        schedule[at] = first;
        if (second > 0) {
            schedule[at + gap + 1] = second;
        }
        return schedule;
    }

    static Arbitrary<Long> sleeps() {
        return Arbitraries.of(1L, MS, 100 * MS, SEC, 5 * SEC, 44 * SEC, 46 * SEC);
    }

    static Arbitrary<Long> values() {
        return Arbitraries.longs().between(1, 9);
    }

    static Arbitrary<Long> pages() {
        return Arbitraries.longs().between(0, 3);
    }

    static Op open(String result, String path, int flags) {
        return new Op.Open(result, path, flags);
    }

    static int rdwr() {
        return OpenFlags.O_RDWR;
    }
}
