package io.mapdirect.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Oops;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PmemTest {
    private final Kernel kernel = TestKernels.kernel();
    private final Pmem pmem = Pmem.fromConfig(kernel);

    @Test
    @DisplayName("spec §2.1 / S1: a CPU store is durable only after clwb+sfence")
    void cpuStoreSurvivesCrashOnlyAfterFlush_S1() {
        pmem.cpuStore(2, 7);
        pmem.cpuStore(3, 8);
        pmem.cpuFlush(2);
        assertThat(pmem.crash()).containsExactly(3);
        assertThat(pmem.durableVersion(2)).isEqualTo(7);
        assertThat(pmem.durableVersion(3)).isZero();
        assertThat(pmem.cpuLoad(3)).isZero();
        assertThat(kernel.events().ofType(PmemEvent.Crashed.class)).containsExactly(new PmemEvent.Crashed(java.util.List.of(3)));
    }

    @Test
    @DisplayName("spec §2.1: a CPU load sees its own unflushed store")
    void cpuLoadSeesDirtyLineBeforeFlush() {
        pmem.cpuStore(1, 5);
        assertThat(pmem.isDirty(1)).isTrue();
        assertThat(pmem.cpuLoad(1)).isEqualTo(5);
        assertThat(pmem.durableVersion(1)).isZero();
        pmem.cpuFlush(1);
        pmem.cpuFlush(1);
        assertThat(pmem.isDirty(1)).isFalse();
        assertThat(kernel.events().ofType(PmemEvent.CacheLineFlushed.class)).hasSize(1);
    }

    @Test
    @DisplayName("spec §2.1: a DMA write is durable at once and drops the CPU's stale line (coherent DMA)")
    void dmaWriteIsDurableAndDropsStaleCpuLine() {
        pmem.cpuStore(4, 1);
        pmem.dmaWrite(4, 2);
        assertThat(pmem.durableVersion(4)).isEqualTo(2);
        assertThat(pmem.cpuLoad(4)).isEqualTo(2);
        assertThat(pmem.crash()).isEmpty();
        assertThat(pmem.durableVersion(4)).isEqualTo(2);
        assertThat(kernel.probes().count("DMA dropped a dirty CPU line")).isEqualTo(1);
    }

    @Test
    @DisplayName("spec §2.1: a DMA read snoops a dirty CPU line")
    void dmaReadSeesDirtyCpuLine() {
        pmem.dmaWrite(5, 3);
        assertThat(pmem.dmaRead(5)).isEqualTo(3);
        pmem.cpuStore(5, 4);
        assertThat(pmem.dmaRead(5)).isEqualTo(4);
    }

    @Test
    @DisplayName("model bug: a block outside pmem oopses with BUG")
    void outOfRangeBlockIsAnOops() {
        assertThat(pmem.blocks()).isEqualTo(64);
        assertThat(pmem.contains(63)).isTrue();
        assertThat(pmem.contains(64)).isFalse();
        assertThat(pmem.contains(-1)).isFalse();
        assertThatThrownBy(() -> pmem.cpuStore(64, 1)).isInstanceOfSatisfying(Oops.class,
                oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.BUG));
        assertThatThrownBy(() -> pmem.dmaWrite(-1, 1)).isInstanceOf(Oops.class);
        assertThatThrownBy(() -> new Pmem(kernel, 0)).isInstanceOf(Oops.class);
    }

    @Test
    @DisplayName("block b sits at physical address b << 12")
    void physicalAddressOfBlock() {
        assertThat(Pmem.physAddress(3)).isEqualTo(3 * 4096L);
        assertThat(Pmem.PAGE_MASK).isEqualTo(0xFFFF_FFFF_FFFF_F000L);
    }
}
