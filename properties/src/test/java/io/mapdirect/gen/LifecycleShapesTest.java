package io.mapdirect.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.events.Op;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseSampler;
import io.mapdirect.harness.Variant;
import io.mapdirect.iommu.IommuMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What each lifecycle shape lines up, on 100 sampled cases of it. */
class LifecycleShapesTest {
    private static List<Case> sample(Function<Variant, Arbitrary<Case>> shape, Variant variant) {
        Iterator<Case> cases = CaseSampler.stream(shape.apply(variant), "20171006");
        List<Case> sampled = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sampled.add(cases.next());
        }
        return sampled;
    }

    private static long sleepsBefore(List<Op> ops, int index) {
        return ops.subList(0, index).stream().filter(op -> op instanceof Op.Sleep).mapToLong(op -> ((Op.Sleep) op).ns()).sum();
    }

    @Test
    @DisplayName("MR churn: the device writes through the old MR before the deregistration at 1 s and again 1 ns to 20 ms after it; mostly lazy")
    void mrChurn() {
        List<Case> cases = sample(v -> LifecycleShapes.mrChurn(v, Set.of()), Variant.V8);
        for (Case c : cases) {
            List<Op> p0 = c.opsOf("p0");
            assertThat(sleepsBefore(p0, p0.indexOf(new Op.DeregMr("r2")))).isEqualTo(CaseGen.SEC);
            assertThat(p0.get(p0.indexOf(new Op.DeregMr("r2")) + 1)).isInstanceOf(Op.RegMr.class);
            List<Op> nic = c.opsOf("nic");
            assertThat(sleepsBefore(nic, 1)).isLessThan(CaseGen.SEC);
            assertThat(sleepsBefore(nic, 3)).isBetween(CaseGen.SEC + 1, CaseGen.SEC + 20 * CaseGen.MS);
        }
        long lazy = cases.stream().filter(c -> c.world().devices().get(0).iommu() == IommuMode.DMA_LAZY).count();
        assertThat(lazy).isBetween(60L, 90L);
    }

    @Test
    @DisplayName("crash after a flush: the crash follows the holder's store and flush; mostly of a page it wrote")
    void crashAfterFlush() {
        int storedWritten = 0;
        for (Case c : sample(v -> LifecycleShapes.crashAfterFlush(v, Set.of()), Variant.V8)) {
            List<Op> p0 = c.opsOf("p0");
            Op.Flush flush = (Op.Flush) p0.get(p0.size() - 1);
            Op.Store store = (Op.Store) p0.get(p0.size() - 2);
            assertThat(flush.page()).isEqualTo(store.page());
            assertThat(c.opsOf("env")).endsWith(new Op.Crash());
            boolean written = p0.stream().anyMatch(op -> op instanceof Op.Write w && w.off() == store.page() * CaseGen.PAGE);
            storedWritten += written ? 1 : 0;
        }
        assertThat(storedWritten).isGreaterThan(60);
    }

    @Test
    @DisplayName("invalidation during DMA: set-up alone, the invalidation and the DMA at 1 s together, two preemptions")
    void invalidationDuringDma() {
        for (Case c : sample(v -> LifecycleShapes.invalidationDuringDma(v, Set.of()), Variant.V8)) {
            String invalidator = c.opsOf("env").isEmpty() ? "p1" : "env";
            List<Op> ops = c.opsOf(invalidator);
            assertThat(sleepsBefore(ops, ops.size() - 1)).isEqualTo(CaseGen.SEC);
            assertThat(sleepsBefore(c.opsOf("nic"), 1)).isEqualTo(CaseGen.SEC);
            assertThat(java.util.Arrays.stream(c.schedule()).filter(choice -> choice > 0).count()).isEqualTo(2);
            assertThat(c.schedule()[0] + c.schedule()[1] + c.schedule()[2]).isPositive();
        }
    }

    @Test
    @DisplayName("the two racing pairs: the racing calls at 3 ns, one preemption in the measured window")
    void racingPairs() {
        for (Case c : sample(v -> LifecycleShapes.registrationAgainstBreak(v, Set.of()), Variant.V8)) {
            assertThat(sleepsBefore(c.opsOf("p0"), c.opsOf("p0").size() - 1)).isEqualTo(3);
            assertThat(sleepsBefore(c.opsOf("p1"), c.opsOf("p1").size() - 1)).isEqualTo(3);
            assertThat(c.schedule().length - 1).isBetween(10, 20);
        }
        for (Case c : sample(v -> LifecycleShapes.mappingAgainstFault(v, Set.of()), Variant.V8)) {
            assertThat(c.opsOf("p0").get(c.opsOf("p0").size() - 1)).isInstanceOf(Op.Mmap.class);
            assertThat(c.opsOf("p2").get(c.opsOf("p2").size() - 1)).isInstanceOf(Op.Store.class);
            assertThat(c.schedule().length - 1).isBetween(2, 8);
        }
    }

    @Test
    @DisplayName("the ODP design's holder maps plainly (no MAP_DIRECT needed there)")
    void odpHolderMapsPlainly() {
        for (Case c : sample(v -> LifecycleShapes.mrChurn(v, Set.of()), Variant.ODP)) {
            Op.Mmap mmap = (Op.Mmap) c.opsOf("p0").get(1);
            assertThat(mmap.flags()).isEqualTo(io.mapdirect.mm.MmapFlags.MAP_SHARED);
        }
    }
}
