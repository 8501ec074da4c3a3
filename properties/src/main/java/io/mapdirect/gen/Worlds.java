package io.mapdirect.gen;

import io.mapdirect.harness.WorldSpec;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Capability;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generated worlds: small pmem, short lease-break-times, mostly strict IOMMUs, f mostly written.
 * Every process gets credentials of its own: mostly the plain ones (the holder p0 the file's owner,
 * the others not), sometimes an fsuid other than its uid (the owner by fsuid but not by uid, or
 * the reverse: {@code generic_setlease()} and MAP_DIRECT's owner check look at the fsuid) and any
 * of the capabilities the model checks ({@link Capability}), so that the owner and CAP_LEASE checks
 * of MAP_DIRECT mmap, setlease and layout leases run both ways for every actor. With mapping
 * probes ({@link OpKind#MAP_FLAGS}) the world has a device-dax instance and is more often mounted
 * without DAX, so that every file kind meets every flag combination.
 */
final class Worlds {
    /** The owner of the generated files and device-dax instance. */
    static final int OWNER = 1000;
    /** Everybody else. */
    static final int OTHER = 1001;

    private Worlds() {
    }

    static Arbitrary<WorldSpec> world(Set<OpKind> kinds) {
        Arbitrary<Long> lbt = Arbitraries.frequency(Tuple.of(3, 1L), Tuple.of(2, 5L), Tuple.of(2, 45L), Tuple.of(2, 0L));
        Arbitrary<Integer> pmem = Arbitraries.of(8, 6, 12);
        boolean probes = kinds.contains(OpKind.MAP_FLAGS);
        Arbitrary<Boolean> dax = Arbitraries.frequency(Tuple.of(probes ? 2 : 9, true), Tuple.of(1, false));
        Arbitrary<IommuMode> iommu = Arbitraries.frequency(Tuple.of(6, IommuMode.DMA_STRICT), Tuple.of(1, IommuMode.DMA_LAZY),
                Tuple.of(1, IommuMode.IDENTITY), Tuple.of(1, IommuMode.NONE));
        Arbitrary<String> fBlocks = Arbitraries.frequency(Tuple.of(6, 'W'), Tuple.of(2, 'U'), Tuple.of(2, 'H'))
                .list().ofSize(4).map(chars -> chars.stream().map(String::valueOf).reduce("", String::concat));
        Arbitrary<Boolean> gReflinked = Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true));
        Arbitrary<List<WorldSpec.ProcessSpec>> processes = Combinators.combine(holderCreds(), otherCreds("p1", 8),
                otherCreds("p2", 4)).as(List::of);
        Arbitrary<List<WorldSpec.AllocFailure>> failures = allocFailures();
        return Combinators.combine(lbt, pmem, dax, iommu, fBlocks, gReflinked, processes, failures)
                .as((l, p, d, i, f, g, procs, fail) -> world(kinds, l, p, d, i, f, g, procs, fail));
    }

    private static WorldSpec world(Set<OpKind> kinds, long lbt, int pmem, boolean dax, IommuMode iommu, String fBlocks,
                                   boolean gReflinked, List<WorldSpec.ProcessSpec> processes,
                                   List<WorldSpec.AllocFailure> failures) {
        List<WorldSpec.FileSpec> files = new ArrayList<>();
        files.add(new WorldSpec.FileSpec(CaseGen.F, OWNER, fBlocks, null));
        files.add(gReflinked ? new WorldSpec.FileSpec(CaseGen.G, OWNER, "SSSS", CaseGen.F)
                : new WorldSpec.FileSpec(CaseGen.G, OWNER, "WW", null));
        List<WorldSpec.DevdaxSpec> devdax = kinds.contains(OpKind.DEVDAX) || kinds.contains(OpKind.MAP_FLAGS)
                ? List.of(new WorldSpec.DevdaxSpec("dax0.0", 4, OWNER)) : List.of();
        return new WorldSpec(lbt, pmem, dax, List.of(new WorldSpec.DeviceSpec("nic", iommu)), devdax, files, processes,
                failures);
    }

    /**
     * The holder's credentials: 17 in 20 the owner's uid and fsuid; else the owner by fsuid only, by
     * uid only, or neither; CAP_LEASE one in eight, CAP_DAC_OVERRIDE and CAP_FOWNER one in sixteen each.
     */
    private static Arbitrary<WorldSpec.ProcessSpec> holderCreds() {
        Arbitrary<int[]> ids = Arbitraries.frequency(Tuple.of(17, new int[] {OWNER, OWNER}),
                Tuple.of(1, new int[] {OTHER, OWNER}), Tuple.of(1, new int[] {OWNER, OTHER}),
                Tuple.of(1, new int[] {OTHER, OTHER}));
        return Combinators.combine(ids, capabilities(8, 16)).as((id, caps) -> new WorldSpec.ProcessSpec("p0", id[0], id[1], caps));
    }

    /**
     * Another process's credentials: 6 in 9 neither the owner's uid nor fsuid; else the owner's
     * both, by fsuid only or by uid only; CAP_LEASE one in {@code capLeaseOdds}, the others one in eight.
     */
    private static Arbitrary<WorldSpec.ProcessSpec> otherCreds(String name, int capLeaseOdds) {
        Arbitrary<int[]> ids = Arbitraries.frequency(Tuple.of(6, new int[] {OTHER, OTHER}),
                Tuple.of(1, new int[] {OWNER, OWNER}), Tuple.of(1, new int[] {OTHER, OWNER}),
                Tuple.of(1, new int[] {OWNER, OTHER}));
        return Combinators.combine(ids, capabilities(capLeaseOdds, 8))
                .as((id, caps) -> new WorldSpec.ProcessSpec(name, id[0], id[1], caps));
    }

    /** CAP_LEASE one in {@code capLeaseOdds}, CAP_DAC_OVERRIDE and CAP_FOWNER one in {@code otherOdds} each. */
    private static Arbitrary<Set<Capability>> capabilities(int capLeaseOdds, int otherOdds) {
        return Combinators.combine(oneIn(capLeaseOdds), oneIn(otherOdds), oneIn(otherOdds)).as((lease, dac, fowner) -> {
            EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
            if (lease) {
                caps.add(Capability.CAP_LEASE);
            }
            if (dac) {
                caps.add(Capability.CAP_DAC_OVERRIDE);
            }
            if (fowner) {
                caps.add(Capability.CAP_FOWNER);
            }
            return caps;
        });
    }

    private static Arbitrary<Boolean> oneIn(int odds) {
        return Arbitraries.frequency(Tuple.of(odds - 1, false), Tuple.of(1, true));
    }

    /** Sometimes one allocation failure inside one of the first operations of p0 or p1. */
    private static Arbitrary<List<WorldSpec.AllocFailure>> allocFailures() {
        Arbitrary<WorldSpec.AllocFailure> one = Combinators.combine(
                        Arbitraries.frequency(Tuple.of(3, "p1"), Tuple.of(1, "p0")),
                        Arbitraries.integers().between(0, 5), Arbitraries.integers().between(1, 3))
                .as(WorldSpec.AllocFailure::new);
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(List.<WorldSpec.AllocFailure>of())),
                Tuple.of(1, one.map(List::of)));
    }
}
