package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.DIRECT;
import static io.mapdirect.rdma.RdmaWorlds.F;
import static io.mapdirect.rdma.RdmaWorlds.MS;
import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.mapdirect.LeaseDirect;
import io.mapdirect.fs.xfs.XfsInode;
import io.mapdirect.iommu.IommuDomain;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.nic.DmaResult;
import io.mapdirect.nic.NicEvent;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SCENARIOS S10: register, DMA, deregister [08] [09] [11] [22]. */
class MrLifecycleScenarioTest {
    @Test
    @DisplayName("S10 (v8): the MR owns a lease_direct lease and a mapped IOVA range; the device's write lands in f; dereg leaves nothing")
    void s10RegisterDmaDeregister() {
        World world = RdmaWorlds.boot(RdmaWorlds.v8(), IommuMode.DMA_STRICT);
        Process p0 = world.process("P0", Creds.user(1000));
        int[] key = {-1};
        List<DmaResult> results = new ArrayList<>();
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            key[0] = (int) world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            XfsInode f = RdmaWorlds.inode(world, F);
            assertThat(f.flctx().leases()).anySatisfy(fl ->
                    assertThat(fl.owner()).isInstanceOfSatisfying(LeaseDirect.class,
                            ld -> assertThat(ld.owner()).isInstanceOf(IbUmem.class)));
            IommuDomain domain = RdmaWorlds.domain(world);
            assertThat(domain.iovad().allocated()).hasSize(1);
            assertThat(domain.mappedPages()).isEqualTo(4);
            assertThat(world.pins().all()).hasSize(4);
            world.sim().sleepNs(2 * MS, null);
            assertThat(world.rdma().deregMr(p0, key[0]).isOk()).isTrue();
            RdmaWorlds.assertNothingLeft(world);
            world.mm().munmap(p0, addr, 4 * PAGE);
        });
        world.startKernelTask("device", () -> {
            world.sim().sleepNs(MS, null);
            results.add(world.nic().dmaWrite(key[0], 2 * PAGE, 42));
        });
        RdmaWorlds.assertCompleted(world.run());
        int block2 = RdmaWorlds.block(world, F, 2);
        assertThat(results).containsExactly(new DmaResult.Landed(((DmaResult.Landed) results.get(0)).iova(), block2, 42));
        assertThat(world.memory().pmem().durableVersion(block2)).isEqualTo(42);
        assertThat(RdmaWorlds.landed(world)).extracting(NicEvent.DmaLanded::pmemBlock).containsExactly(block2);
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
    }
}
