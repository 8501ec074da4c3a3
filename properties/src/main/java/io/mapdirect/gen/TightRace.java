package io.mapdirect.gen;

import io.mapdirect.events.Op;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Step;
import io.mapdirect.harness.WorldSpec;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A tight race: two actors (the holder p0 and a rival) run their set-up calls alone and then start
 * their real calls at the same virtual instant (3 ns), everybody else later; lease-break-time is 0 (no
 * grace: invalidations and revocations run as soon as a worker gets the CPU), no file is reflinked
 * and no allocation fails, and the schedule preempts once, early. With {@code fillFiles} every file
 * is fully written, so that the racing calls themselves succeed and only the interleaving decides
 * the outcome; without, holes stay, for races with allocating faults. Races that need
 * a break to complete inside a narrow window of another call (a registration between its checks,
 * a fault between its check and its allocation) become likely instead of astronomically rare. The
 * transform knows nothing of faults: it only lines the actors up.
 */
final class TightRace {
    private TightRace() {
    }

    /**
     * How one case is tightened: the preemption (decision point and choice), who the rival is (p1,
     * a breaker, or p2, another mapper), whether files are filled, whether mmap is set-up or may be
     * the racing call, which racer the scheduler finds first at the racing instant, which allocation
     * of the breaker fails (0: none), and a second preemption (gap 0: none; the break-during-DMA shape).
     */
    record Plan(int preemptAt, int choice, boolean rivalIsOtherMapper, boolean fillFiles, boolean mmapInSetup,
                boolean rivalFirst, int breakerAllocFailureNth, int secondPreemptGap, int secondChoice) {
        Plan(int preemptAt, int choice, boolean rivalIsOtherMapper, boolean fillFiles, boolean mmapInSetup,
             boolean rivalFirst) {
            this(preemptAt, choice, rivalIsOtherMapper, fillFiles, mmapInSetup, rivalFirst, 0, 0, 0);
        }

        Plan(int preemptAt, int choice, boolean rivalIsOtherMapper, boolean fillFiles, boolean mmapInSetup,
             boolean rivalFirst, int breakerAllocFailureNth) {
            this(preemptAt, choice, rivalIsOtherMapper, fillFiles, mmapInSetup, rivalFirst, breakerAllocFailureNth, 0, 0);
        }

        /** The break-during-DMA shape: the holder's registration is set-up, the device races too, two preemptions. */
        boolean breakDuringDma() {
            return secondPreemptGap > 0;
        }
    }

    /**
     * Tight versions of {@code loose}'s cases, in five shapes (odds 3:2:1:1:1): a registration
     * racing a break (the holder first, its mmap as set-up, a breaker p1 as rival), a mapping racing
     * a fault (another mapper p2 first, holes kept, the holder's MAP_DIRECT mmap as the racing call),
     * a breaker short of memory (the registration-vs-break line-up, and the {@code nth} allocation of
     * the rival's first layout-breaking call, a write, truncate or fallocate, fails: the error paths
     * of the break protocol [05], which a loose case reaches only when its one allocation failure
     * happens to land in such a call), a break during DMA (the holder's registration is set-up too;
     * the breaker, given a truncate of f if it has no layout-breaking call, and the device, given
     * at least {@link #DMA_WRITES} DMA writes through the MR, start together; two preemptions: the
     * breaker woken early, then the device's DMA before the revocation ends), and any mix of the
     * plan's choices. Each shaped plan preempts in its hot window: the decision points where that
     * race's racy checks fell when every index was swept over 20-150 generated cases of the shape
     * (registrations 18-23, faults 7-16, break during DMA 18-26 or 38-46 and 7-10 later); the mix
     * preempts anywhere up to {@link #PREEMPT_MAX}. Swarm-style: a shape fixes most choices, so that
     * no race needs five coin flips to line up.
     */
    static Arbitrary<Case> of(Arbitrary<Case> loose) {
        Arbitrary<Integer> choice = Arbitraries.integers().between(1, 3);
        Arbitrary<Boolean> coin = Arbitraries.of(false, true);
        Arbitrary<Plan> registrationVsBreak = Combinators.combine(Arbitraries.integers().between(16, 25), choice, coin)
                .as((at, ch, fill) -> new Plan(at, ch, false, fill, true, false));
        Arbitrary<Plan> mappingVsFault = Combinators.combine(Arbitraries.integers().between(6, 16), choice)
                .as((at, ch) -> new Plan(at, ch, true, false, false, true));
        Arbitrary<Plan> mix = Combinators.combine(Arbitraries.integers().between(0, PREEMPT_MAX), choice, coin, coin,
                coin, coin).as(Plan::new);
        Arbitrary<Plan> breakerShortOfMemory = Combinators.combine(Arbitraries.integers().between(0, PREEMPT_MAX), choice,
                coin, Arbitraries.integers().between(1, 3))
                .as((at, ch, fill, nth) -> new Plan(at, ch, false, fill, true, false, nth));
        Arbitrary<Integer> dmaFirst = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.integers().between(18, 26)),
                Tuple.of(1, Arbitraries.integers().between(38, 46)));
        Arbitrary<Integer> dmaChoice = Arbitraries.integers().between(1, 2);
        Arbitrary<Plan> breakDuringDma = Combinators.combine(dmaFirst, dmaChoice, coin,
                        Arbitraries.integers().between(7, 10), dmaChoice)
                .as((at, ch, fill, gap, ch2) -> new Plan(at, ch, false, fill, true, false, 0, gap, ch2));
        Arbitrary<Plan> plans = Arbitraries.frequencyOf(Tuple.of(3, registrationVsBreak), Tuple.of(2, mappingVsFault),
                Tuple.of(1, breakerShortOfMemory), Tuple.of(1, breakDuringDma), Tuple.of(1, mix));
        return Combinators.combine(loose, plans).as(TightRace::apply);
    }

    /** The last decision point the mixed plans preempt at. */
    static final int PREEMPT_MAX = 28;

    static Case apply(Case c, Plan plan) {
        WorldSpec w = c.world();
        List<WorldSpec.FileSpec> files = new ArrayList<>();
        for (WorldSpec.FileSpec f : w.files()) {
            String blocks = f.reflinkFrom() != null ? "WW" : plan.fillFiles() ? "W".repeat(f.blocks().length()) : f.blocks();
            files.add(new WorldSpec.FileSpec(f.path(), f.ownerUid(), blocks, null));
        }
        String rival = plan.rivalIsOtherMapper() ? "p2" : "p1";
        long holderSetupNs = plan.rivalFirst() ? SECOND_SETUP_NS : FIRST_SETUP_NS;
        long rivalSetupNs = plan.rivalFirst() ? FIRST_SETUP_NS : SECOND_SETUP_NS;
        List<Step> steps = new ArrayList<>();
        for (String actor : c.actors()) {
            if (actor.equals("p0")) {
                steps.addAll(race(actor, c.opsOf(actor), holderSetupNs, plan.mmapInSetup(), plan.breakDuringDma()));
            } else if (actor.equals(rival)) {
                List<Op> ops = plan.breakDuringDma() ? withBreak(c.opsOf(actor)) : c.opsOf(actor);
                steps.addAll(race(actor, backToBack(ops), rivalSetupNs, plan.mmapInSetup(), false));
            } else if (plan.breakDuringDma() && actor.equals(DEVICE)) {
                continue;
            } else {
                steps.addAll(startAt(actor, c.opsOf(actor), LATER_NS));
            }
        }
        if (plan.breakDuringDma()) {
            steps.addAll(race(DEVICE, withDma(c.opsOf(DEVICE)), rivalSetupNs, false, false));
        }
        WorldSpec world = new WorldSpec(0, w.pmemBlocks(), true, w.devices(), w.devdax(), files, w.processes(),
                breakerAllocFailure(steps, rival, plan.breakerAllocFailureNth()));
        int last = plan.preemptAt() + plan.secondPreemptGap();
        int[] schedule = new int[last + 1];
        schedule[plan.preemptAt()] = plan.choice();
        if (plan.breakDuringDma()) {
            schedule[last] = plan.secondChoice();
        }
        return new Case(c.title(), c.variant(), c.faults(), c.reverted(), c.expect(), c.provenance(), world, steps, schedule);
    }

    /** The generated device actor's name. */
    private static final String DEVICE = "nic";
    /** DMA writes the break-during-DMA shape gives a device that has fewer. */
    private static final int DMA_WRITES = 4;

    /**
     * The break-during-DMA shape's breaker: its calls, or, when none of them breaks a layout, a
     * truncate of {@code f} to 0 (the seed's canonical breaker [05]).
     */
    private static List<Op> withBreak(List<Op> ops) {
        for (Op op : ops) {
            if (breaksLayouts(op)) {
                return ops;
            }
        }
        List<Op> withTruncate = new ArrayList<>(ops);
        withTruncate.add(new Op.Truncate(CaseGen.F, 0));
        return withTruncate;
    }

    /** The break-during-DMA shape's device: its DMA writes through the holder's MR, at least {@link #DMA_WRITES}. */
    private static List<Op> withDma(List<Op> ops) {
        List<Op> writes = new ArrayList<>();
        for (Op op : ops) {
            if (op instanceof Op.DmaWrite write && write.mr().equals("r2")) {
                writes.add(write);
            }
        }
        for (long page = writes.size(); writes.size() < DMA_WRITES; page++) {
            writes.add(new Op.DmaWrite("r2", page % 4, page + 1));
        }
        return writes;
    }

    private static boolean breaksLayouts(Op op) {
        return op instanceof Op.Write || op instanceof Op.Truncate || op instanceof Op.Ftruncate
                || op instanceof Op.Fallocate;
    }

    /**
     * The allocation failure of the breaker-short-of-memory shape: the {@code nth} allocation of
     * the rival's first write, truncate or fallocate (its index among the rival's steps), or none.
     */
    private static List<WorldSpec.AllocFailure> breakerAllocFailure(List<Step> steps, String rival, int nth) {
        if (nth == 0) {
            return List.of();
        }
        int index = 0;
        for (Step step : steps) {
            if (!step.actor().equals(rival)) {
                continue;
            }
            if (breaksLayouts(step.op())) {
                return List.of(new WorldSpec.AllocFailure(rival, index, nth));
            }
            index++;
        }
        return List.of();
    }

    /**
     * The rival's calls back to back: its sleeps after the first operation are dropped, so that its
     * conflicting call follows its opens without giving the CPU back in between.
     */
    private static List<Op> backToBack(List<Op> ops) {
        List<Op> kept = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (i == 0 || !(ops.get(i) instanceof Op.Sleep)) {
                kept.add(ops.get(i));
            }
        }
        return kept;
    }

    /**
     * When the first racer's set-up calls run, alone. Its sleep until the race is armed first, so
     * the scheduler finds it first when both wake at {@link #RACE_NS}.
     */
    private static final long FIRST_SETUP_NS = 1;
    /** When the second racer's set-up calls run, alone. */
    private static final long SECOND_SETUP_NS = 2;
    /** When the racing pair's first real calls start, together. */
    private static final long RACE_NS = 3;
    /** When the actors that do not race start: after the racing pair's first calls. */
    private static final long LATER_NS = 1_000_000L;

    /**
     * A racing actor: its set-up calls (the leading opens, and mmaps too when {@code mmapInSetup};
     * otherwise an mmap, which registers MAP_DIRECT, may be the racing call) run alone at {@code setupNs},
     * then it sleeps until {@link #RACE_NS}, when the rest starts together with the other racer.
     * Set-up alone means no decision points: the schedule's decisions are the race's own, and a
     * preemption index lands inside the racing calls far more often.
     */
    private static List<Step> race(String actor, List<Op> ops, long setupNs, boolean mmapInSetup,
                                   boolean registrationInSetup) {
        List<Op> rest = dropLeadingSleeps(ops);
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(actor, new Op.Sleep(setupNs)));
        while (!rest.isEmpty() && (rest.get(0) instanceof Op.Open || mmapInSetup && rest.get(0) instanceof Op.Mmap
                || registrationInSetup && (rest.get(0) instanceof Op.RegMr || rest.get(0) instanceof Op.SetLease))) {
            steps.add(new Step(actor, rest.remove(0)));
        }
        steps.add(new Step(actor, new Op.Sleep(RACE_NS - setupNs)));
        for (Op op : dropLeadingSleeps(rest)) {
            steps.add(new Step(actor, op));
        }
        return steps;
    }

    /** An actor that does not race: its first sleep becomes {@code startNs}, or one is added. */
    private static List<Step> startAt(String actor, List<Op> ops, long startNs) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(actor, new Op.Sleep(startNs)));
        List<Op> rest = ops.isEmpty() || !(ops.get(0) instanceof Op.Sleep) ? ops : ops.subList(1, ops.size());
        for (Op op : rest) {
            steps.add(new Step(actor, op));
        }
        return steps;
    }

    private static List<Op> dropLeadingSleeps(List<Op> ops) {
        List<Op> rest = new ArrayList<>(ops);
        while (!rest.isEmpty() && rest.get(0) instanceof Op.Sleep) {
            rest.remove(0);
        }
        return rest;
    }
}
