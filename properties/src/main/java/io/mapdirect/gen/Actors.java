package io.mapdirect.gen;

import io.mapdirect.events.Op;
import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.harness.Variant;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.syscalls.MemoryCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** The operation lists of each generated actor, from the enabled kinds. */
final class Actors {
    private static final long PAGE = CaseGen.PAGE;

    private Actors() {
    }

    /**
     * Weighted choices among the operations of the enabled kinds; none if no kind is enabled. Each
     * element is a fragment of one or more operations (kept or dropped as a whole while shrinking),
     * flattened into the actor's list.
     */
    private static Arbitrary<List<Op>> ops(List<Tuple.Tuple2<Integer, Arbitrary<List<Op>>>> choices, int maxSize) {
        if (choices.isEmpty()) {
            return Arbitraries.just(List.of());
        }
        return Arbitraries.<List<Op>>frequencyOf(choices).list().ofMaxSize(maxSize).map(Actors::flatten);
    }

    private static void when(boolean enabled, List<Tuple.Tuple2<Integer, Arbitrary<List<Op>>>> choices, int weight,
                             Arbitrary<? extends Op> op) {
        if (enabled) {
            choices.add(Tuple.of(weight, op.map(List::<Op>of)));
        }
    }

    private static void whenFragment(boolean enabled, List<Tuple.Tuple2<Integer, Arbitrary<List<Op>>>> choices,
                                     int weight, Arbitrary<List<Op>> fragment) {
        if (enabled) {
            choices.add(Tuple.of(weight, fragment));
        }
    }

    private static List<Op> flatten(List<List<Op>> fragments) {
        List<Op> flat = new ArrayList<>();
        for (List<Op> fragment : fragments) {
            flat.addAll(fragment);
        }
        return flat;
    }

    // ---------------------------------------------------------------- p0: the MAP_DIRECT holder

    static Arbitrary<List<Op>> holder(Variant variant, Set<OpKind> kinds) {
        Arbitrary<Integer> mapFlags = Arbitraries.frequencyOf(Tuple.of(16, Arbitraries.just(CaseGen.DIRECT)),
                Tuple.of(2, Arbitraries.just(MmapFlags.MAP_SHARED)), Tuple.of(2, Arbitraries.just(MmapFlags.MAP_SHARED_VALIDATE)),
                Tuple.of(3, ArgValues.anyMapFlags()));
        List<Tuple.Tuple2<Integer, Arbitrary<List<Op>>>> choices = new ArrayList<>();
        when(kinds.contains(OpKind.HOLDER_ACCESS), choices, 4, Combinators.combine(CaseGen.pages(), CaseGen.values())
                .as((page, value) -> new Op.Store("r1", page, value)));
        when(kinds.contains(OpKind.HOLDER_ACCESS), choices, 3, CaseGen.pages().map(page -> new Op.Flush("r1", page, PAGE)));
        when(kinds.contains(OpKind.HOLDER_ACCESS), choices, 2, CaseGen.pages().map(page -> new Op.Load("r1", page)));
        when(kinds.contains(OpKind.HOLDER_REACTS), choices, 2,
                Arbitraries.of(CaseGen.SEC, 60 * CaseGen.SEC).map(Op.AwaitSigio::new));
        whenFragment(kinds.contains(OpKind.HOLDER_REACTS), choices, 4, reaction());
        when(true, choices, 2, CaseGen.sleeps().map(Op.Sleep::new));
        when(kinds.contains(OpKind.HOLDER_MUNMAP), choices, 3, Combinators.combine(CaseGen.pages(),
                ArgValues.bytes(3, 1, PAGE, 2 * PAGE, 4 * PAGE)).as((page, len) -> new Op.Munmap("r1", page, len)));
        when(kinds.contains(OpKind.HOLDER_MUNMAP), choices, 1, Combinators.combine(CaseGen.pages(),
                Arbitraries.of(MmapFlags.PROT_READ, CaseGen.RW), ArgValues.bytes(3, 1, PAGE))
                .as((page, prot, len) -> new Op.Mprotect("r1", page, len, prot)));
        when(kinds.contains(OpKind.FORK), choices, 2, Arbitraries.just(new Op.Fork("c0")));
        when(kinds.contains(OpKind.RDMA), choices, 2, Arbitraries.just(new Op.DeregMr("r2")));
        when(kinds.contains(OpKind.RDMA), choices, 1, Arbitraries.of(2 * PAGE, 4 * PAGE)
                .map(len -> new Op.RegMr("r2", "r1", 0, len, "nic")));
        when(kinds.contains(OpKind.SYNC), choices, 1, Arbitraries.just(new Op.Fsync("r0")));
        when(kinds.contains(OpKind.SYNC), choices, 1, ArgValues.bytes(3, 1, 4 * PAGE)
                .map(len -> new Op.Msync("r1", 0, len, MemoryCalls.MS_SYNC)));
        when(kinds.contains(OpKind.FCNTL_LEASE), choices, 1, Arbitraries.of(FileLock.F_RDLCK, FileLock.F_UNLCK)
                .map(type -> new Op.SetLease("r0", type)));
        when(kinds.contains(OpKind.DEVDAX), choices, 2, Arbitraries.just(new Op.Store("r9", 0, 5)));
        Arbitrary<Long> firstSleep = Arbitraries.of(0L, 1L, CaseGen.MS);
        Arbitrary<long[]> mmapArgs = Arbitraries.frequencyOf(Tuple.of(19, Arbitraries.just(new long[] {4 * PAGE, 0})),
                Tuple.of(1, Combinators.combine(ArgValues.bytes(1, 2, 4 * PAGE), ArgValues.bytes(2, 1, 0L, PAGE))
                        .as((len, off) -> new long[] {len, off})));
        Arbitrary<Integer> devdaxFlags = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(MmapFlags.MAP_SHARED)),
                Tuple.of(2, ArgValues.anyMapFlags()));
        return Combinators.combine(firstSleep, mapFlags, mmapArgs, devdaxFlags, ops(choices, 8), Arbitraries.of(false, true))
                .as((sleep, flags, args, ddFlags, rest, pause) -> holderOps(variant, kinds, sleep,
                        new Op.Mmap("r1", args[0], CaseGen.RW, flags, "r0", args[1]), ddFlags, rest, pause));
    }

    /**
     * The holder's fixed prefix: open f, map it (mostly MAP_DIRECT, four pages from offset 0; one
     * in five another flag combination, one in twenty an odd length or offset), with device-dax map
     * the instance (mostly MAP_SHARED), and with RDMA register an MR over the mapping
     * (possibly after a 1 ns pause, which lines the registration up with breakers starting at 1 ns).
     * Under the layout-lease RFC the holder first takes the F_LAYOUT lease its registration needs
     * (drawing no randomness, so the other variants' cases are unchanged).
     */
    private static List<Op> holderOps(Variant variant, Set<OpKind> kinds, long firstSleep, Op.Mmap mapping,
                                      int devdaxFlags, List<Op> rest, boolean pauseBeforeRegistration) {
        List<Op> ops = new ArrayList<>();
        if (firstSleep > 0) {
            ops.add(new Op.Sleep(firstSleep));
        }
        ops.add(CaseGen.open("r0", CaseGen.F, OpenFlags.O_RDWR));
        ops.add(mapping);
        if (kinds.contains(OpKind.DEVDAX)) {
            ops.add(CaseGen.open("r8", "/dev/dax0.0", OpenFlags.O_RDWR));
            ops.add(new Op.Mmap("r9", 4 * PAGE, CaseGen.RW, devdaxFlags, "r8", 0));
            ops.add(new Op.RegMr("r10", "r9", 0, 4 * PAGE, "nic"));
        }
        if (kinds.contains(OpKind.RDMA) || kinds.contains(OpKind.DMA)) {
            if (variant == Variant.LAYOUT_LEASE_RFC) {
                ops.add(new Op.SetLease("r0", FileLock.F_RDLCK | FileLock.F_LAYOUT));
            }
            if (pauseBeforeRegistration) {
                ops.add(new Op.Sleep(1));
            }
            ops.add(new Op.RegMr("r2", "r1", 0, 4 * PAGE, "nic"));
        }
        ops.addAll(rest);
        return ops;
    }

    /**
     * A holder's reaction to a break, as one fragment: wait for SIGIO, maybe let some time pass, then
     * unmap (or deregister first). Generated as one operation list element so that it is kept or
     * dropped as a whole while shrinking.
     */
    private static Arbitrary<List<Op>> reaction() {
        return Combinators.combine(Arbitraries.of(0L, CaseGen.MS, CaseGen.SEC, 44 * CaseGen.SEC), Arbitraries.of(true, false))
                .as(Actors::reactionOps);
    }

    private static List<Op> reactionOps(long delay, boolean deregFirst) {
        List<Op> ops = new ArrayList<>();
        ops.add(new Op.AwaitSigio(60 * CaseGen.SEC));
        if (delay > 0) {
            ops.add(new Op.Sleep(delay));
        }
        if (deregFirst) {
            ops.add(new Op.DeregMr("r2"));
        }
        ops.add(new Op.Munmap("r1", 0, 4 * PAGE));
        return ops;
    }

    // ---------------------------------------------------------------- p1: breakers

    static Arbitrary<List<Op>> breaker(Set<OpKind> kinds) {
        List<Tuple.Tuple2<Integer, Arbitrary<List<Op>>>> choices = new ArrayList<>();
        when(kinds.contains(OpKind.WRITE), choices, 3, Combinators.combine(ArgValues.bytes(3, 1, ArgValues.pageOffsets()),
                ArgValues.bytes(3, 1, PAGE), CaseGen.values()).as((off, len, value) -> new Op.Write("r3", off, len, value)));
        when(kinds.contains(OpKind.WRITE), choices, 1, CaseGen.values().map(value -> new Op.Write("r3", 4 * PAGE, PAGE, value)));
        when(kinds.contains(OpKind.WRITE), choices, 1, ArgValues.bytes(2, 1, ArgValues.pageOffsets()).map(off -> new Op.Read("r3", off)));
        when(kinds.contains(OpKind.FALLOCATE), choices, 3, Combinators.combine(ArgValues.fallocModes(),
                        ArgValues.bytes(3, 1, ArgValues.pageOffsets()), ArgValues.bytes(3, 1, PAGE, 2 * PAGE))
                .as((mode, off, len) -> new Op.Fallocate("r3", mode, off, len)));
        when(kinds.contains(OpKind.TRUNCATE), choices, 3, ArgValues.bytes(3, 1, 0L, PAGE, 2 * PAGE, 8 * PAGE)
                .map(len -> new Op.Truncate(CaseGen.F, len)));
        when(kinds.contains(OpKind.TRUNCATE), choices, 1, ArgValues.bytes(1, 1, 0L, 2 * PAGE).map(len -> new Op.Ftruncate("r3", len)));
        when(kinds.contains(OpKind.REFLINK), choices, 2, Arbitraries.of(new Op.Ficlone("r6", "r3"), new Op.Ficlone("r3", "r6")));
        when(kinds.contains(OpKind.FCNTL_LEASE), choices, 1, Arbitraries.just(
                CaseGen.open("r7", CaseGen.F, OpenFlags.O_WRONLY | OpenFlags.O_NONBLOCK)));
        when(true, choices, 2, CaseGen.sleeps().map(Op.Sleep::new));
        Arbitrary<Long> firstSleep = Arbitraries.frequency(Tuple.of(3, 1L), Tuple.of(1, CaseGen.MS), Tuple.of(1, CaseGen.SEC));
        return Combinators.combine(firstSleep, ops(choices, 5)).as((sleep, rest) -> {
            List<Op> ops = new ArrayList<>();
            ops.add(new Op.Sleep(sleep));
            ops.add(CaseGen.open("r3", CaseGen.F, OpenFlags.O_RDWR));
            if (kinds.contains(OpKind.REFLINK)) {
                ops.add(CaseGen.open("r6", CaseGen.G, OpenFlags.O_RDWR));
            }
            ops.addAll(rest);
            return ops;
        });
    }

    // ---------------------------------------------------------------- p2: another mapper

    static Arbitrary<List<Op>> otherMapper(Set<OpKind> kinds) {
        boolean mapper = kinds.contains(OpKind.OTHER_MAPPER);
        boolean rdma = kinds.contains(OpKind.RDMA);
        boolean probes = kinds.contains(OpKind.MAP_FLAGS);
        if (!mapper && !rdma && !probes) {
            return Arbitraries.just(List.of());
        }
        List<Tuple.Tuple2<Integer, Arbitrary<List<Op>>>> choices = new ArrayList<>();
        when(mapper, choices, 3, Combinators.combine(CaseGen.pages(), CaseGen.values())
                .as((page, value) -> new Op.Store("r5", page, value)));
        when(mapper, choices, 1, Combinators.combine(CaseGen.pages(), ArgValues.bytes(3, 1, PAGE))
                .as((page, len) -> new Op.Munmap("r5", page, len)));
        when(true, choices, 1, CaseGen.sleeps().map(Op.Sleep::new));
        when(mapper, choices, 1, Arbitraries.just(new Op.Mmap("r5", 4 * PAGE, CaseGen.RW, CaseGen.DIRECT, "r4", 0)));
        whenFragment(rdma, choices, 3, Arbitraries.of(CaseGen.MS, 46 * CaseGen.SEC).map(Actors::anonymousRegistration));
        whenFragment(probes, choices, 6, mappingProbe());
        return Combinators.combine(Arbitraries.of(0L, 1L), ops(choices, probes ? 6 : 4)).as((sleep, rest) -> {
            List<Op> ops = new ArrayList<>();
            if (sleep > 0) {
                ops.add(new Op.Sleep(sleep));
            }
            if (mapper) {
                ops.add(CaseGen.open("r4", CaseGen.F, OpenFlags.O_RDWR));
                ops.add(new Op.Mmap("r5", 4 * PAGE, CaseGen.RW, MmapFlags.MAP_SHARED, "r4", 0));
            }
            ops.addAll(rest);
            return ops;
        });
    }

    /** The files a mapping probe maps: f on XFS (DAX or not, as mounted), a ramfs file, the device-dax instance. */
    static final List<String> PROBED_PATHS = List.of(CaseGen.F, "/plain/h", "/dev/dax0.0");

    /**
     * A mapping probe, as one fragment: open one of {@link #PROBED_PATHS} (creating the ramfs file,
     * sized to four pages), map it with any flag combination, mostly four pages from offset 0,
     * sometimes an odd length or offset, then touch, sync, reprotect or unmap it, with an odd length
     * sometimes.
     */
    private static Arbitrary<List<Op>> mappingProbe() {
        Arbitrary<Long> len = ArgValues.bytes(3, 2, 4 * PAGE, PAGE);
        Arbitrary<Long> off = ArgValues.bytes(4, 1, 0L, PAGE);
        Arbitrary<Op> after = Arbitraries.oneOf(
                Combinators.combine(CaseGen.pages(), CaseGen.values()).as((page, value) -> new Op.Store("r14", page, value)),
                ArgValues.bytes(3, 1, 4 * PAGE).map(l -> new Op.Msync("r14", 0, l, MemoryCalls.MS_SYNC)),
                ArgValues.bytes(3, 1, PAGE).map(l -> new Op.Mprotect("r14", 0, l, MmapFlags.PROT_READ)),
                ArgValues.bytes(3, 1, 4 * PAGE).map(l -> new Op.Munmap("r14", 0, l)));
        return Combinators.combine(Arbitraries.of(PROBED_PATHS), ArgValues.anyMapFlags(), len, off, after)
                .as(Actors::probeOps);
    }

    private static List<Op> probeOps(String path, int flags, long len, long off, Op after) {
        List<Op> ops = new ArrayList<>();
        boolean ramfs = path.startsWith("/plain/");
        ops.add(CaseGen.open("r13", path, ramfs ? OpenFlags.O_RDWR | OpenFlags.O_CREAT : OpenFlags.O_RDWR));
        if (ramfs) {
            ops.add(new Op.Ftruncate("r13", ArgValues.FILE_BYTES));
        }
        ops.add(new Op.Mmap("r14", len, CaseGen.RW, flags, "r13", off));
        ops.add(after);
        return ops;
    }

    /**
     * Another process registers anonymous memory after a while (S11's P2): its dma_map_sg takes an
     * IOVA, the first candidate being one a revocation freed, which is how IOVA reuse shows.
     */
    private static List<Op> anonymousRegistration(long after) {
        return List.of(new Op.Sleep(after),
                new Op.Mmap("r11", 2 * PAGE, CaseGen.RW, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS, null, 0),
                new Op.RegMr("r12", "r11", 0, 2 * PAGE, "nic"));
    }

    // ---------------------------------------------------------------- c0: the forked child

    static Arbitrary<List<Op>> child(Set<OpKind> kinds) {
        if (!kinds.contains(OpKind.FORK)) {
            return Arbitraries.just(List.of());
        }
        List<Tuple.Tuple2<Integer, Arbitrary<List<Op>>>> choices = new ArrayList<>();
        when(true, choices, 2, Combinators.combine(CaseGen.pages(), ArgValues.bytes(3, 1, PAGE, 4 * PAGE))
                .as((page, len) -> new Op.Munmap("r1", page, len)));
        when(true, choices, 2, Combinators.combine(CaseGen.pages(), CaseGen.values())
                .as((page, value) -> new Op.Store("r1", page, value)));
        when(true, choices, 1, CaseGen.sleeps().map(Op.Sleep::new));
        when(true, choices, 1, Arbitraries.just(new Op.Exit()));
        return ops(choices, 4);
    }

    // ---------------------------------------------------------------- nic: the DMA device

    static Arbitrary<List<Op>> device(Set<OpKind> kinds) {
        if (!kinds.contains(OpKind.DMA)) {
            return Arbitraries.just(List.of());
        }
        List<Tuple.Tuple2<Integer, Arbitrary<List<Op>>>> choices = new ArrayList<>();
        when(true, choices, 4, Combinators.combine(CaseGen.pages(), CaseGen.values())
                .as((page, value) -> new Op.DmaWrite("r2", page, value)));
        when(true, choices, 1, CaseGen.pages().map(page -> new Op.DmaRead("r2", page)));
        when(true, choices, 3, Arbitraries.of(CaseGen.MS, 100 * CaseGen.MS, CaseGen.SEC, 46 * CaseGen.SEC).map(Op.Sleep::new));
        when(kinds.contains(OpKind.DEVDAX), choices, 2, CaseGen.values().map(value -> new Op.DmaWrite("r10", 0, value)));
        return ops(choices, 8);
    }

    // ---------------------------------------------------------------- env: time, signals, crashes

    static Arbitrary<List<Op>> env(Set<OpKind> kinds) {
        List<Tuple.Tuple2<Integer, Arbitrary<List<Op>>>> choices = new ArrayList<>();
        when(kinds.contains(OpKind.ENV), choices, 3, CaseGen.sleeps().map(Op.Sleep::new));
        when(kinds.contains(OpKind.ENV), choices, 1, Arbitraries.of(0L, 1L, 5L).map(Op.SetLeaseBreakTime::new));
        when(kinds.contains(OpKind.ENV), choices, 1, Arbitraries.just(new Op.Kill("p1", "SIGINT")));
        when(kinds.contains(OpKind.CRASH), choices, 1, Arbitraries.just(new Op.Crash()));
        when(kinds.contains(OpKind.DEVDAX), choices, 1, Arbitraries.just(new Op.KillDevdax("dax0.0")));
        return ops(choices, 4);
    }
}
