package io.mapdirect.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.proc.Process;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Booting a machine from a {@link WorldConfig}: mounts, device-dax placement, DRAM, budgets and bad configurations. */
class WorldTest {
    @Test
    void bootsWithBothFilesystemsAndDevicesPlacedAfterPmem() {
        WorldConfig config = WorldConfig.defaults()
                .withDevdax(List.of(new WorldConfig.DevDax("dax0", 4, 1000), new WorldConfig.DevDax("dax1", 2, 1000)))
                .withBudgets(1000, 1_000_000)
                .withNicMode(IommuMode.DMA_LAZY);
        World world = World.boot(config);
        assertThat(world.config()).isSameAs(config);
        assertThat(world.vfs().superBlocks()).extracting(sb -> sb.mountPoint())
                .containsExactlyInAnyOrder(World.XFS, World.PLAIN, World.DEV);
        assertThat(world.devdaxInstances()).extracting(d -> d.basePfn()).containsExactly(64L, 68L);
        assertThat(world.memory().dramBase()).isEqualTo(70);
        assertThat(world.memory().isDram(69)).isFalse();
        assertThat(world.scratchPfn()).isEqualTo(70 + 4096);
        assertThat(world.nics()).hasSize(1);
        assertThat(world.nic("nic")).isSameAs(world.nic());
        assertThatThrownBy(() -> world.nic("eth9")).isInstanceOf(IllegalArgumentException.class);
        assertThat(world.ramfs()).isNotNull();
        assertThat(world.crashed()).isFalse();
    }

    @Test
    void badConfigurationsAreRefusedWithTheirReason() {
        WorldConfig defaults = WorldConfig.defaults();
        assertThatThrownBy(() -> new WorldConfig(defaults.kernel(), true, List.of(), 0, List.of(), 1, 1, defaults.rdma()))
                .hasMessageContaining("dramPages");
        assertThatThrownBy(() -> defaults.withRdma(List.of())).hasMessageContaining("RDMA device");
    }

    @Test
    void crashIsRefusedDuringARun() {
        World world = World.boot(WorldConfig.defaults());
        Process p0 = world.process("P0", Creds.user(1000));
        Throwable[] thrown = new Throwable[1];
        world.start(p0, () -> {
            try {
                world.crash();
            } catch (IllegalStateException e) {
                thrown[0] = e;
            }
        });
        assertThat(world.run().completed()).isTrue();
        assertThat(thrown[0]).hasMessageContaining("between runs");
        world.startKernelTask("env", () -> { });
        assertThat(world.run().completed()).isTrue();
    }

    @Test
    void fixtureReportsAnIncompleteRun() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.start(p0, () -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(fx::runCompleted).hasMessageContaining("boom");
    }
}
