package io.mapdirect.gen;

import io.mapdirect.events.Op;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Step;
import io.mapdirect.harness.Variant;
import io.mapdirect.harness.WorldSpec;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.syscalls.FileCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Whole cases built around one lifecycle of the stack, for the orderings that neither loose nor
 * tight cases line up: five shapes, each a short story with its timings and arguments drawn.
 *
 * <ul>
 *   <li><b>MR churn</b> (RDMA users re-register all the time): the holder registers an MR over its
 *   mapping, the device writes through it, the holder deregisters it and registers another (over a
 *   mapping of {@code g}, or of {@code f} again) a few milliseconds before the device's next write,
 *   mostly in a lazily flushed IOMMU domain, whose 10 ms flush window is where an unmapped IOVA and
 *   a stale IOTLB entry meet [09-10].</li>
 *   <li><b>Crash after a flush</b> (the MAP_DIRECT promise that userspace flushes are durable
 *   [00][03]): the holder writes one or two pages with write(2), holes among them, maps the file,
 *   maybe registers an MR, stores and flushes a page (two times in three one it wrote), and the
 *   machine crashes a little later.</li>
 *   <li><b>Invalidation during DMA</b>: the holder's MR is set up alone; then, at one instant, an
 *   invalidation starts (a device-dax shutdown of the registered instance [08], or another process's
 *   hole punch or truncate of the registered file) and the device writes through the MR. The
 *   schedule preempts twice, early and again a few decisions later: the shape of a race that needs
 *   the invalidation to begin before the DMA and the DMA to land before the invalidation ends (depth
 *   two in PCT's terms). The windows (the first preemption at decisions 0-2, the second 4-14 later,
 *   choices 1-2) take in where the two hand-written races of this kind break: the device-dax
 *   shutdown's at 0 and 12-14 (15 of 840 swept pairs), the ODP fault's at 0 and 8 (docs/experiments.md).</li>
 *   <li><b>A registration against a break</b> and <b>a MAP_DIRECT mapping against an allocating
 *   fault</b>: the two exact-point races of the seed's bugs with nothing else in the case, one
 *   preemption in the window a sweep measured.</li>
 * </ul>
 *
 * Like {@link TightRace}, the shapes know nothing of faults. Resources keep the generator's fixed
 * names ({@link CaseGen}), and three of their own: {@code r15} g for the holder, {@code r16} its
 * mapping, {@code r17} the MR registered in the churn.
 */
final class LifecycleShapes {
    private static final long PAGE = CaseGen.PAGE;
    private static final long MS = CaseGen.MS;
    private static final long SEC = CaseGen.SEC;
    /** When the churn's deregistration and the invalidation-during-DMA's race happen. */
    private static final long EVENT_NS = SEC;

    private LifecycleShapes() {
    }

    /** The five shapes, as likely each, for {@code variant} with {@code faults} injected. */
    static Arbitrary<Case> of(Variant variant, Set<KnownBug> faults) {
        return Arbitraries.oneOf(mrChurn(variant, faults), crashAfterFlush(variant, faults),
                invalidationDuringDma(variant, faults), registrationAgainstBreak(variant, faults),
                mappingAgainstFault(variant, faults));
    }

    // ---------------------------------------------------------------- two calls at one instant

    /** When the racing pair's set-up runs (the first, then the second) and when their racing calls start. */
    private static final long FIRST_SETUP_NS = 1;
    private static final long SECOND_SETUP_NS = 2;
    private static final long RACE_NS = 3;

    /** The layout-breaking calls a breaker races with: truncate, hole punch, a write past EOF. */
    enum Breaker { TRUNCATE, PUNCH, EXTENDING_WRITE }

    /**
     * A registration against a break: the holder maps f MAP_DIRECT alone, another process opens f
     * alone, and at one instant the holder registers an MR over the mapping while the other truncates,
     * punches or extends f; lease-break-time 0, so the break completes as soon as its worker runs.
     * One preemption at decisions 10-20, choice 1-3: a sweep of every single preemption (decisions
     * 0-40) over 60 such cases found the registration's racy point at decision 16 in half of them (the
     * other half have the breaker first), where the break completes between the registration's lease
     * check and its lease_direct lease [04-05]
     * ({@code ./mapdirect sweep --shape LIFECYCLE_REGISTRATION_VS_BREAK --fault LEASE_DIRECT_CHECK_FIRST
     * --invariant REG_ON_BROKEN_REFUSED --cases 60 --max-at 40}).
     */
    static Arbitrary<Case> registrationAgainstBreak(Variant variant, Set<KnownBug> faults) {
        Arbitrary<Breaker> breaker = Arbitraries.of(Breaker.values());
        return Combinators.combine(breaker, CaseGen.pages(), Arbitraries.of(false, true), onePreemption(10, 20))
                .as((kind, page, breakerFirst, schedule) -> {
                    List<Step> steps = new ArrayList<>();
                    long holderSetup = breakerFirst ? SECOND_SETUP_NS : FIRST_SETUP_NS;
                    long breakerSetup = breakerFirst ? FIRST_SETUP_NS : SECOND_SETUP_NS;
                    steps.add(new Step("p0", new Op.Sleep(holderSetup)));
                    holderMapsF(steps, variant);
                    steps.add(new Step("p0", new Op.Sleep(RACE_NS - holderSetup)));
                    steps.add(new Step("p0", new Op.RegMr("r2", "r1", 0, 4 * PAGE, "nic")));
                    steps.add(new Step("p1", new Op.Sleep(breakerSetup)));
                    steps.add(new Step("p1", CaseGen.open("r3", CaseGen.F, OpenFlags.O_RDWR)));
                    steps.add(new Step("p1", new Op.Sleep(RACE_NS - breakerSetup)));
                    steps.add(new Step("p1", switch (kind) {
                        case TRUNCATE -> new Op.Truncate(CaseGen.F, page * PAGE);
                        case PUNCH -> new Op.Fallocate("r3", FileCalls.FALLOC_FL_PUNCH_HOLE | FileCalls.FALLOC_FL_KEEP_SIZE,
                                page * PAGE, PAGE);
                        case EXTENDING_WRITE -> new Op.Write("r3", 4 * PAGE, PAGE, 1);
                    }));
                    WorldSpec world = world(0, IommuMode.DMA_STRICT, "WWWW", "WW", Worlds.OWNER);
                    return new Case("generated", variant, faults, Case.PASS, "generated", world, steps, schedule);
                });
    }

    /**
     * A MAP_DIRECT mapping against an allocating fault: another process maps f plainly alone, the
     * holder opens f alone, and at one instant the holder maps f MAP_DIRECT while the other stores
     * to a page that is a hole or unwritten; one preemption at decisions 2-8, choice 1-3: the same
     * sweep over 60 cases (decisions 0-30) found the racy points at decisions 4 and 5 in 23 of them,
     * where the mapping's lease is granted between the fault's check and its allocation
     * ({@code --shape LIFECYCLE_MAPPING_VS_FAULT --fault NO_FAULT_FLUSH --invariant BLOCKMAP_FROZEN}).
     */
    static Arbitrary<Case> mappingAgainstFault(Variant variant, Set<KnownBug> faults) {
        Arbitrary<String> blocks = Arbitraries.frequency(Tuple.of(1, 'W'), Tuple.of(2, 'H'), Tuple.of(2, 'U'))
                .list().ofSize(4).map(chars -> chars.stream().map(String::valueOf).reduce("", String::concat));
        return Combinators.combine(blocks, CaseGen.pages(), CaseGen.values(), Arbitraries.of(false, true), onePreemption(2, 8))
                .as((fBlocks, page, value, mapperFirst, schedule) -> {
                    List<Step> steps = new ArrayList<>();
                    long mapperSetup = mapperFirst ? FIRST_SETUP_NS : SECOND_SETUP_NS;
                    long holderSetup = mapperFirst ? SECOND_SETUP_NS : FIRST_SETUP_NS;
                    steps.add(new Step("p0", new Op.Sleep(holderSetup)));
                    steps.add(new Step("p0", CaseGen.open("r0", CaseGen.F, OpenFlags.O_RDWR)));
                    steps.add(new Step("p0", new Op.Sleep(RACE_NS - holderSetup)));
                    steps.add(new Step("p0", new Op.Mmap("r1", 4 * PAGE, CaseGen.RW, CaseGen.DIRECT, "r0", 0)));
                    steps.add(new Step("p2", new Op.Sleep(mapperSetup)));
                    steps.add(new Step("p2", CaseGen.open("r4", CaseGen.F, OpenFlags.O_RDWR)));
                    steps.add(new Step("p2", new Op.Mmap("r5", 4 * PAGE, CaseGen.RW, MmapFlags.MAP_SHARED, "r4", 0)));
                    steps.add(new Step("p2", new Op.Sleep(RACE_NS - mapperSetup)));
                    steps.add(new Step("p2", new Op.Store("r5", page, value)));
                    WorldSpec world = world(0, IommuMode.DMA_STRICT, fBlocks, "WW", Worlds.OWNER);
                    return new Case("generated", variant, faults, Case.PASS, "generated", world, steps, schedule);
                });
    }

    /** One preemption at a decision from {@code first} to {@code last}, choice 1 to 3. */
    private static Arbitrary<int[]> onePreemption(int first, int last) {
        return Combinators.combine(Arbitraries.integers().between(first, last), Arbitraries.integers().between(1, 3))
                .as((at, choice) -> {
                    int[] schedule = new int[at + 1];
                    schedule[at] = choice;
                    return schedule;
                });
    }

    // ---------------------------------------------------------------- MR churn

    static Arbitrary<Case> mrChurn(Variant variant, Set<KnownBug> faults) {
        Arbitrary<IommuMode> iommu = Arbitraries.frequency(Tuple.of(3, IommuMode.DMA_LAZY), Tuple.of(1, IommuMode.DMA_STRICT));
        Arbitrary<Long> gap = Arbitraries.of(1L, MS, 5 * MS, 20 * MS);
        Arbitrary<Boolean> overG = Arbitraries.frequency(Tuple.of(2, true), Tuple.of(1, false));
        Arbitrary<Boolean> throughNew = Arbitraries.frequency(Tuple.of(3, true), Tuple.of(1, false));
        Arbitrary<Long> secondPage = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(-1L)), Tuple.of(1, CaseGen.pages()));
        return Combinators.combine(iommu, gap, overG, throughNew, CaseGen.pages(), secondPage, CaseGen.values(),
                        lightSchedule())
                .as((mode, after, g, viaNew, page, page2, value, schedule) -> {
                    List<Step> steps = new ArrayList<>();
                    holderMapsF(steps, variant);
                    steps.add(new Step("p0", new Op.RegMr("r2", "r1", 0, 4 * PAGE, "nic")));
                    steps.add(new Step("p0", CaseGen.open("r15", CaseGen.G, OpenFlags.O_RDWR)));
                    steps.add(new Step("p0", new Op.Mmap("r16", 4 * PAGE, CaseGen.RW, holderFlags(variant), "r15", 0)));
                    steps.add(new Step("p0", new Op.Sleep(EVENT_NS)));
                    steps.add(new Step("p0", new Op.DeregMr("r2")));
                    steps.add(new Step("p0", new Op.RegMr("r17", g ? "r16" : "r1", 0, 4 * PAGE, "nic")));
                    steps.add(new Step("p0", new Op.Sleep(5 * SEC)));
                    steps.add(new Step("p0", new Op.DeregMr("r17")));
                    steps.add(new Step("nic", new Op.Sleep(EVENT_NS / 2)));
                    steps.add(new Step("nic", new Op.DmaWrite("r2", page, value)));
                    steps.add(new Step("nic", new Op.Sleep(EVENT_NS / 2 + after)));
                    steps.add(new Step("nic", new Op.DmaWrite(viaNew ? "r17" : "r2", page2 < 0 ? page : page2, value + 1)));
                    WorldSpec world = world(45, mode, "WWWW", "WWWW", Worlds.OTHER);
                    return new Case("generated", variant, faults, Case.PASS, "generated", world, steps, schedule);
                });
    }

    // ---------------------------------------------------------------- crash after a flush

    static Arbitrary<Case> crashAfterFlush(Variant variant, Set<KnownBug> faults) {
        Arbitrary<String> blocks = Arbitraries.frequency(Tuple.of(2, 'W'), Tuple.of(2, 'H'), Tuple.of(1, 'U'))
                .list().ofSize(4).map(chars -> chars.stream().map(String::valueOf).reduce("", String::concat));
        Arbitrary<List<Long>> written = CaseGen.pages().list().ofMinSize(1).ofMaxSize(2);
        Arbitrary<Integer> flags = Arbitraries.frequency(Tuple.of(3, CaseGen.DIRECT), Tuple.of(1, MmapFlags.MAP_SHARED));
        Arbitrary<Long> crashAfter = Arbitraries.of(MS, SEC);
        Arbitrary<Long> storedPage = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(-1L)), Tuple.of(1, CaseGen.pages()));
        return Combinators.combine(blocks, written, flags, Arbitraries.of(false, true), storedPage, CaseGen.values(),
                        crashAfter, lightSchedule())
                .as((fBlocks, pages, mapFlags, register, storedOrWritten, value, after, schedule) -> {
                    long stored = storedOrWritten < 0 ? pages.get(0) : storedOrWritten;
                    List<Step> steps = new ArrayList<>();
                    steps.add(new Step("p0", CaseGen.open("r0", CaseGen.F, OpenFlags.O_RDWR)));
                    for (long page : pages) {
                        steps.add(new Step("p0", new Op.Write("r0", page * PAGE, PAGE, value)));
                    }
                    steps.add(new Step("p0", new Op.Mmap("r1", 4 * PAGE, CaseGen.RW, mapFlags, "r0", 0)));
                    if (register) {
                        steps.add(new Step("p0", new Op.RegMr("r2", "r1", 0, 4 * PAGE, "nic")));
                    }
                    steps.add(new Step("p0", new Op.Store("r1", stored, value + 1)));
                    steps.add(new Step("p0", new Op.Flush("r1", stored, PAGE)));
                    steps.add(new Step("env", new Op.Sleep(after)));
                    steps.add(new Step("env", new Op.Crash()));
                    WorldSpec world = world(45, IommuMode.DMA_STRICT, fBlocks, "WW", Worlds.OTHER);
                    return new Case("generated", variant, faults, Case.PASS, "generated", world, steps, schedule);
                });
    }

    // ---------------------------------------------------------------- invalidation during DMA

    /** The invalidations the shape races against the device: device-dax shutdown, hole punch, truncate. */
    enum Invalidation { DEVDAX_SHUTDOWN, PUNCH, TRUNCATE }

    static Arbitrary<Case> invalidationDuringDma(Variant variant, Set<KnownBug> faults) {
        Arbitrary<Invalidation> kind = Arbitraries.frequency(Tuple.of(2, Invalidation.DEVDAX_SHUTDOWN),
                Tuple.of(1, Invalidation.PUNCH), Tuple.of(1, Invalidation.TRUNCATE));
        Arbitrary<int[]> schedule = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 2), Arbitraries.integers().between(4, 14),
                Arbitraries.integers().between(1, 2)).as(LifecycleShapes::twoPreemptions);
        Arbitrary<Long> lbt = Arbitraries.of(0L, 45L);
        Arbitrary<Boolean> secondWrite = Arbitraries.of(false, true);
        return Combinators.combine(kind, CaseGen.pages(), CaseGen.values(), secondWrite, lbt, schedule)
                .as((inv, page, value, again, breakTime, plan) -> {
                    List<Step> steps = new ArrayList<>();
                    boolean devdax = inv == Invalidation.DEVDAX_SHUTDOWN;
                    String mr = devdax ? "r10" : "r2";
                    long dmaPage = devdax ? 0 : page;
                    if (devdax) {
                        steps.add(new Step("p0", CaseGen.open("r8", "/dev/dax0.0", OpenFlags.O_RDWR)));
                        steps.add(new Step("p0", new Op.Mmap("r9", 4 * PAGE, CaseGen.RW, MmapFlags.MAP_SHARED, "r8", 0)));
                        steps.add(new Step("p0", new Op.RegMr("r10", "r9", 0, 4 * PAGE, "nic")));
                    } else {
                        holderMapsF(steps, variant);
                        steps.add(new Step("p0", new Op.RegMr("r2", "r1", 0, 4 * PAGE, "nic")));
                    }
                    steps.add(new Step("p0", new Op.Sleep(5 * SEC)));
                    steps.add(new Step("p0", new Op.DeregMr(mr)));
                    String invalidator = devdax ? "env" : "p1";
                    if (!devdax) {
                        steps.add(new Step("p1", CaseGen.open("r3", CaseGen.F, OpenFlags.O_RDWR)));
                    }
                    steps.add(new Step(invalidator, new Op.Sleep(EVENT_NS)));
                    steps.add(new Step(invalidator, switch (inv) {
                        case DEVDAX_SHUTDOWN -> new Op.KillDevdax("dax0.0");
                        case PUNCH -> new Op.Fallocate("r3", FileCalls.FALLOC_FL_PUNCH_HOLE | FileCalls.FALLOC_FL_KEEP_SIZE,
                                page * PAGE, PAGE);
                        case TRUNCATE -> new Op.Truncate(CaseGen.F, page * PAGE);
                    }));
                    steps.add(new Step("nic", new Op.Sleep(EVENT_NS)));
                    steps.add(new Step("nic", new Op.DmaWrite(mr, dmaPage, value)));
                    if (again) {
                        steps.add(new Step("nic", new Op.Sleep(EVENT_NS)));
                        steps.add(new Step("nic", new Op.DmaWrite(mr, dmaPage, value + 1)));
                    }
                    WorldSpec world = world(breakTime, IommuMode.DMA_STRICT, "WWWW", "WW", Worlds.OWNER);
                    return new Case("generated", variant, faults, Case.PASS, "generated", world, steps, plan);
                });
    }

    /** Zeros with {@code first} at decision {@code at} and {@code second} {@code gap} decisions later. */
    private static int[] twoPreemptions(int at, int first, int gap, int second) {
        int[] schedule = new int[at + gap + 1];
        schedule[at] = first;
        schedule[at + gap] = second;
        return schedule;
    }

    // ---------------------------------------------------------------- shared parts

    /** Mostly no preemption (the timings order the story); sometimes one of {@link CaseGen#schedule()}'s. */
    private static Arbitrary<int[]> lightSchedule() {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(new int[0])), Tuple.of(1, CaseGen.schedule()));
    }

    /** The holder opens f and maps it: MAP_DIRECT, or a plain shared mapping in the ODP design, which has no MAP_DIRECT. */
    private static void holderMapsF(List<Step> steps, Variant variant) {
        steps.add(new Step("p0", CaseGen.open("r0", CaseGen.F, OpenFlags.O_RDWR)));
        steps.add(new Step("p0", new Op.Mmap("r1", 4 * PAGE, CaseGen.RW, holderFlags(variant), "r0", 0)));
    }

    private static int holderFlags(Variant variant) {
        return variant == Variant.ODP ? MmapFlags.MAP_SHARED : CaseGen.DIRECT;
    }

    /** The shapes' world: f and g as given, the device-dax instance, the holder the owner, p1 {@code p1Uid}, p2 another user. */
    private static WorldSpec world(long leaseBreakTimeSec, IommuMode iommu, String fBlocks, String gBlocks, int p1Uid) {
        List<WorldSpec.FileSpec> files = List.of(new WorldSpec.FileSpec(CaseGen.F, Worlds.OWNER, fBlocks, null),
                new WorldSpec.FileSpec(CaseGen.G, Worlds.OWNER, gBlocks, null));
        List<WorldSpec.ProcessSpec> processes = List.of(
                new WorldSpec.ProcessSpec("p0", Worlds.OWNER, Worlds.OWNER, Set.of()),
                new WorldSpec.ProcessSpec("p1", p1Uid, p1Uid, Set.of()),
                new WorldSpec.ProcessSpec("p2", Worlds.OTHER, Worlds.OTHER, Set.of()));
        return new WorldSpec(leaseBreakTimeSec, 8, true, List.of(new WorldSpec.DeviceSpec("nic", iommu)),
                List.of(new WorldSpec.DevdaxSpec("dax0.0", 4, Worlds.OWNER)), files, processes, List.of());
    }
}
