package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.F;
import static io.mapdirect.rdma.RdmaWorlds.MS;
import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static io.mapdirect.rdma.RdmaWorlds.SEC;
import static io.mapdirect.rdma.RdmaWorlds.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * scenario S19: long-term pins refused (merged Linux, the UPSTREAM variant). P0 maps f (plain
 * MAP_SHARED) and /dev/dax0; registers over each; then an O_DIRECT-like transfer pins f's block 1
 * for 1 s while P1 truncates f at 10 ms.
 */
class UpstreamScenarioTest {
    record Run(World world, SysResult fsDaxReg, SysResult devDaxReg, SysResult directIo, long truncatedAtNs) { }

    static Run run(Policy policy) {
        WorldConfig config = RdmaWorlds.config(policy, IommuMode.DMA_STRICT)
                .withDevdax(List.of(new WorldConfig.DevDax("dax0", 2, 1000)));
        World world = World.boot(config);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        SysResult[] results = new SysResult[3];
        long[] truncatedAt = {-1};
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, SHARED);
            results[0] = world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT);
            int dax = (int) world.files().open(p0, "/dev/dax0", OpenFlags.O_RDWR).valueOrThrow();
            long daxAddr = RdmaWorlds.mmap(world, p0, dax, 2, SHARED);
            results[1] = world.rdma().regMr(p0, daxAddr, 2 * PAGE, IbAccess.DEFAULT);
            results[2] = world.rdma().directIo(p0, addr + PAGE, PAGE, SEC);
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(10 * MS, null);
            assertThat(world.files().truncate(p1, F, 0)).isEqualTo(SysResult.ok());
            truncatedAt[0] = world.sim().nowNs();
            world.proc().exit(p1);
        });
        RdmaWorlds.assertCompleted(world.run());
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
        return new Run(world, results[0], results[1], results[2], truncatedAt[0]);
    }

    @Test
    @DisplayName("S19 UPSTREAM: fs-DAX long-term pin EOPNOTSUPP, device-dax allowed, a short-term pin succeeds and the truncate waits for it")
    void s19LongTermPinsRefusedShortTermPinsWaitedFor() {
        Run run = run(RdmaWorlds.upstream());
        assertThat(run.fsDaxReg()).isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
        assertThat(run.devDaxReg().isOk()).isTrue();
        assertThat(run.directIo()).isEqualTo(SysResult.value(PAGE));
        assertThat(run.truncatedAtNs()).as("dax_layout_busy_page waits for the pin").isEqualTo(SEC);
        assertThat(run.world().kernel().probes().count("truncate waits for pinned DAX page")).isPositive();
        assertThat(run.world().kernel().probes().count("long-term pin of fs-DAX refused")).isEqualTo(1);
    }

    @Test
    @DisplayName("S19 contrast, the 2017 design: an ordinary fs-DAX mapping is refused for lack of ->lease_direct, and the truncate does not wait for the short-term pin")
    void s19In2017DesignTruncateDoesNotWaitForPins() {
        Run run = run(RdmaWorlds.v8());
        assertThat(run.fsDaxReg()).isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
        assertThat(run.devDaxReg().isOk()).isTrue();
        assertThat(run.truncatedAtNs()).isEqualTo(10 * MS);
    }
}
