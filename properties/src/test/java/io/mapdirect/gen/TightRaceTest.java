package io.mapdirect.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.events.Op;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Step;
import io.mapdirect.harness.Variant;
import io.mapdirect.harness.WorldSpec;
import io.mapdirect.iommu.IommuMode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What each tight-race shape does to a case: who runs when, what is added, which allocation fails, the schedule. */
class TightRaceTest {
    private static final long PAGE = 4096;

    /** A loose case: the holder maps and registers; the breaker opens and writes; the device sleeps then DMAs once. */
    private static Case loose() {
        WorldSpec world = new WorldSpec(45, 8, true, List.of(new WorldSpec.DeviceSpec("nic", IommuMode.DMA_STRICT)),
                List.of(), List.of(new WorldSpec.FileSpec(CaseGen.F, 1000, "WWHU", null)),
                List.of(new WorldSpec.ProcessSpec("p0", 1000, Set.of()), new WorldSpec.ProcessSpec("p1", 1000, Set.of())),
                List.of(new WorldSpec.AllocFailure("p0", 1, 1)));
        List<Step> steps = List.of(
                new Step("p0", new Op.Open("r0", CaseGen.F, OpenFlags.O_RDWR)),
                new Step("p0", new Op.Mmap("r1", 4 * PAGE, CaseGen.RW, CaseGen.DIRECT, "r0", 0)),
                new Step("p0", new Op.RegMr("r2", "r1", 0, 4 * PAGE, "nic")),
                new Step("p0", new Op.Store("r1", 1, 7)),
                new Step("p1", new Op.Sleep(CaseGen.MS)),
                new Step("p1", new Op.Open("r3", CaseGen.F, OpenFlags.O_RDWR)),
                new Step("p1", new Op.Sleep(CaseGen.SEC)),
                new Step("p1", new Op.Write("r3", 0, PAGE, 5)),
                new Step("nic", new Op.Sleep(CaseGen.SEC)),
                new Step("nic", new Op.DmaWrite("r2", 3, 9)));
        return new Case("generated", Variant.V8, Set.of(), Case.PASS, "generated", world, steps, new int[0]);
    }

    @Test
    @DisplayName("registration vs break: set-up alone at 1 and 2 ns, the race at 3 ns, the breaker back to back, one preemption, no allocation failure, grace 0, files filled")
    void registrationVsBreak() {
        Case tight = TightRace.apply(loose(), new TightRace.Plan(20, 2, false, true, true, false));
        assertThat(tight.opsOf("p0")).containsExactly(new Op.Sleep(1), loose().opsOf("p0").get(0), loose().opsOf("p0").get(1),
                new Op.Sleep(2), loose().opsOf("p0").get(2), loose().opsOf("p0").get(3));
        assertThat(tight.opsOf("p1")).containsExactly(new Op.Sleep(2), new Op.Open("r3", CaseGen.F, OpenFlags.O_RDWR),
                new Op.Sleep(1), new Op.Write("r3", 0, PAGE, 5));
        assertThat(tight.opsOf("nic")).containsExactly(new Op.Sleep(1_000_000L), new Op.DmaWrite("r2", 3, 9));
        assertThat(tight.world().leaseBreakTimeSec()).isZero();
        assertThat(tight.world().allocFailures()).isEmpty();
        assertThat(tight.world().files().get(0).blocks()).isEqualTo("WWWW");
        assertThat(tight.schedule()).hasSize(21).containsOnly(0, 2);
        assertThat(tight.schedule()[20]).isEqualTo(2);
    }

    @Test
    @DisplayName("breaker short of memory: the nth allocation of the breaker's first layout-breaking call fails")
    void breakerShortOfMemory() {
        Case tight = TightRace.apply(loose(), new TightRace.Plan(5, 1, false, false, true, false, 3));
        int writeIndex = tight.opsOf("p1").indexOf(new Op.Write("r3", 0, PAGE, 5));
        assertThat(writeIndex).isEqualTo(3);
        assertThat(tight.world().allocFailures()).containsExactly(new WorldSpec.AllocFailure("p1", writeIndex, 3));
        assertThat(tight.world().files().get(0).blocks()).isEqualTo("WWHU");
    }

    @Test
    @DisplayName("break during DMA: registration in set-up, a truncate for a breaker without one, four DMA writes at the race, two preemptions")
    void breakDuringDma() {
        Case readsOnly = loose();
        List<Step> steps = readsOnly.steps().stream()
                .map(s -> s.op() instanceof Op.Write ? new Step("p1", new Op.Read("r3", 0)) : s).toList();
        Case c = new Case("generated", Variant.V8, Set.of(), Case.PASS, "generated", readsOnly.world(), steps, new int[0]);
        Case tight = TightRace.apply(c, new TightRace.Plan(22, 1, false, true, true, false, 0, 8, 2));
        assertThat(tight.opsOf("p0").subList(0, 5)).containsExactly(new Op.Sleep(1), c.opsOf("p0").get(0),
                c.opsOf("p0").get(1), c.opsOf("p0").get(2), new Op.Sleep(2));
        assertThat(tight.opsOf("p1")).endsWith(new Op.Read("r3", 0), new Op.Truncate(CaseGen.F, 0));
        assertThat(tight.opsOf("nic")).containsExactly(new Op.Sleep(2), new Op.Sleep(1), new Op.DmaWrite("r2", 3, 9),
                new Op.DmaWrite("r2", 1, 2), new Op.DmaWrite("r2", 2, 3), new Op.DmaWrite("r2", 3, 4));
        assertThat(tight.schedule()).hasSize(31);
        assertThat(tight.schedule()[22]).isEqualTo(1);
        assertThat(tight.schedule()[30]).isEqualTo(2);
        assertThat(java.util.Arrays.stream(tight.schedule()).filter(x -> x != 0).count()).isEqualTo(2);
    }
}
