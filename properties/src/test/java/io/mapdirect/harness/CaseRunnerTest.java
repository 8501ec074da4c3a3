package io.mapdirect.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.check.InvariantId;
import io.mapdirect.check.Invariants;
import io.mapdirect.events.Op;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.mm.MmapFlags;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

public class CaseRunnerTest {
    static final long SEC = 1_000_000_000L;
    static final int RW = MmapFlags.PROT_READ | MmapFlags.PROT_WRITE;
    static final int DIRECT = MmapFlags.MAP_SHARED_VALIDATE | MmapFlags.MAP_DIRECT;

    public static WorldSpec world() {
        return new WorldSpec(45, 16, true, List.of(new WorldSpec.DeviceSpec("nic", IommuMode.DMA_STRICT)), List.of(),
                List.of(new WorldSpec.FileSpec("/xfs/f", 1000, "WWWW", null)),
                List.of(new WorldSpec.ProcessSpec("p0", 1000, Set.of()), new WorldSpec.ProcessSpec("p1", 1001, Set.of())),
                List.of());
    }

    /** scenario S2 as a case: the cooperative holder unmaps one second after the break. */
    public static Case s2(Set<KnownBug> faults) {
        return new Case("S2", Variant.V8, faults, Case.PASS, "scenario S2", world(), List.of(
                new Step("p0", new Op.Open("r0", "/xfs/f", OpenFlags.O_RDWR)),
                new Step("p0", new Op.Mmap("r1", 4 * 4096, RW, DIRECT, "r0", 0)),
                new Step("p1", new Op.Sleep(1)),
                new Step("p1", new Op.Truncate("/xfs/f", 0)),
                new Step("p0", new Op.AwaitSigio(10 * SEC)),
                new Step("p0", new Op.Sleep(SEC)),
                new Step("p0", new Op.Munmap("r1", 0, 4 * 4096))), new int[0]);
    }

    static CaseResult run(Case c) {
        return CaseRunner.run(c, new CaseRunner.Options(true, w -> new NoRdma(), () -> Invariants.all(List.of())));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("one Options, two runs: each run gets fresh checkers, so S2 passes twice")
    void everyRunGetsFreshCheckers() {
        int[] made = new int[1];
        CaseRunner.Options options = new CaseRunner.Options(false, w -> new NoRdma(), () -> {
            made[0]++;
            return Invariants.all(List.of());
        });
        CaseResult first = CaseRunner.run(s2(Set.of()), options);
        CaseResult second = CaseRunner.run(s2(Set.of()), options);
        org.assertj.core.api.Assertions.assertThat(made[0]).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThat(first.violations()).isEmpty();
        org.assertj.core.api.Assertions.assertThat(second.violations()).isEmpty();
    }

    @Test
    void s2PassesEveryInvariant() {
        CaseResult result = run(s2(Set.of()));
        assertThat(result.violations()).isEmpty();
        assertThat(result.outcome().describe()).isEqualTo("completed");
    }

    @Test
    void s2WithTheInvalidationBugViolatesNoOops() {
        CaseResult result = run(s2(Set.of(KnownBug.INVALIDATE_AFTER_VMA_CLOSE)));
        assertThat(result.firstViolated()).isEqualTo(InvariantId.NO_OOPS);
    }

    @Test
    void sameCaseSameTrace() {
        assertThat(run(s2(Set.of())).fingerprint()).isEqualTo(run(s2(Set.of())).fingerprint());
    }
}
