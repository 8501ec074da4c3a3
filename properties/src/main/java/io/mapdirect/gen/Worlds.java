package io.mapdirect.gen;

import io.mapdirect.harness.WorldSpec;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Capability;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generated worlds: small pmem, short lease-break-times, mostly strict IOMMUs, f mostly written. */
final class Worlds {
    private Worlds() {
    }

    static Arbitrary<WorldSpec> world(Set<OpKind> kinds) {
        Arbitrary<Long> lbt = Arbitraries.frequency(Tuple.of(3, 1L), Tuple.of(2, 5L), Tuple.of(2, 45L), Tuple.of(2, 0L));
        Arbitrary<Integer> pmem = Arbitraries.of(8, 6, 12);
        Arbitrary<Boolean> dax = Arbitraries.frequency(Tuple.of(9, true), Tuple.of(1, false));
        Arbitrary<IommuMode> iommu = Arbitraries.frequency(Tuple.of(6, IommuMode.DMA_STRICT), Tuple.of(1, IommuMode.DMA_LAZY),
                Tuple.of(1, IommuMode.IDENTITY), Tuple.of(1, IommuMode.NONE));
        Arbitrary<String> fBlocks = Arbitraries.frequency(Tuple.of(6, 'W'), Tuple.of(2, 'U'), Tuple.of(2, 'H'))
                .list().ofSize(4).map(chars -> chars.stream().map(String::valueOf).reduce("", String::concat));
        Arbitrary<Boolean> gReflinked = Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true));
        Arbitrary<Boolean> p2CapLease = Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true));
        Arbitrary<List<WorldSpec.AllocFailure>> failures = allocFailures();
        return Combinators.combine(lbt, pmem, dax, iommu, fBlocks, gReflinked, p2CapLease, failures)
                .as((l, p, d, i, f, g, cap, fail) -> world(kinds, l, p, d, i, f, g, cap, fail));
    }

    private static WorldSpec world(Set<OpKind> kinds, long lbt, int pmem, boolean dax, IommuMode iommu, String fBlocks,
                                   boolean gReflinked, boolean p2CapLease, List<WorldSpec.AllocFailure> failures) {
        List<WorldSpec.FileSpec> files = new ArrayList<>();
        files.add(new WorldSpec.FileSpec(CaseGen.F, 1000, fBlocks, null));
        files.add(gReflinked ? new WorldSpec.FileSpec(CaseGen.G, 1000, "SSSS", CaseGen.F)
                : new WorldSpec.FileSpec(CaseGen.G, 1000, "WW", null));
        List<WorldSpec.DevdaxSpec> devdax = kinds.contains(OpKind.DEVDAX)
                ? List.of(new WorldSpec.DevdaxSpec("dax0.0", 4, 1000)) : List.of();
        List<WorldSpec.ProcessSpec> processes = List.of(
                new WorldSpec.ProcessSpec("p0", 1000, Set.of()),
                new WorldSpec.ProcessSpec("p1", 1001, Set.of()),
                new WorldSpec.ProcessSpec("p2", 1001, p2CapLease ? Set.of(Capability.CAP_LEASE) : Set.of()));
        return new WorldSpec(lbt, pmem, dax, List.of(new WorldSpec.DeviceSpec("nic", iommu)), devdax, files, processes,
                failures);
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
