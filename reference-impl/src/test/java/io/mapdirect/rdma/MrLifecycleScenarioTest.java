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

/** scenario S10: register, DMA, deregister [08] [09] [11] [22]. */
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

    /** The three designs the end-to-end story runs under. */
    enum Design { V7, V8, ODP }

    private static io.mapdirect.kernel.Policy policy(Design design) {
        return switch (design) {
            case V7 -> RdmaWorlds.v7();
            case V8 -> RdmaWorlds.v8();
            case ODP -> RdmaWorlds.v8().withOdp(true);
        };
    }

    /** One DMA as the event log recorded it: where it landed, or why it faulted. */
    record Dma(long atNs, String what) { }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Design.class)
    @DisplayName("end to end [11] [22] [34]: registration, DMA, lease break, revocation and release, every DMA recorded in the event log")
    void registrationDmaBreakRevocationRelease(Design design) {
        World world = RdmaWorlds.boot(policy(design), IommuMode.DMA_STRICT);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        int[] key = {-1};
        int[] block1 = {-1};
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            key[0] = (int) world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            block1[0] = RdmaWorlds.block(world, F, 1);
            world.sim().sleepNs(1000 * MS, null);
            world.mm().munmap(p0, addr, 4 * PAGE);
            world.sim().sleepNs(1000 * MS, null);
            assertThat(world.rdma().deregMr(p0, key[0]).isOk()).isTrue();
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            int fd = (int) world.files().open(p1, F, io.mapdirect.fs.OpenFlags.O_RDWR).valueOrThrow();
            world.sim().sleepNs(10 * MS, null);
            world.files().fallocate(p1, fd, RdmaWorlds.FALLOC_PUNCH, PAGE, PAGE);
            world.proc().exit(p1);
        });
        world.startKernelTask("device", () -> {
            for (long at : new long[] {MS, 20 * MS, 1500 * MS, 2500 * MS}) {
                world.sim().sleepNs(at - world.sim().nowNs(), null);
                world.nic().resetQp(key[0]);
                world.nic().dmaWrite(key[0], PAGE, at);
            }
        });
        RdmaWorlds.assertCompleted(world.run());
        List<Dma> dmas = new ArrayList<>();
        for (var entry : world.kernel().events().entries()) {
            if (entry.event() instanceof NicEvent.DmaLanded landed) {
                dmas.add(new Dma(entry.timeNs(), "landed in " + (landed.pmemBlock() == block1[0] ? "f block 1" : landed.pmemBlock())));
            } else if (entry.event() instanceof NicEvent.DmaFaulted faulted) {
                dmas.add(new Dma(entry.timeNs(), faulted.reason().name()));
            }
        }
        List<Class<?>> lifecycle = new ArrayList<>();
        for (var entry : world.kernel().events().entries()) {
            if (entry.event() instanceof RdmaEvent event && !(event instanceof RdmaEvent.OdpFaultResolved)) {
                lifecycle.add(event.getClass());
            }
        }
        switch (design) {
            case V7, V8 -> {
                assertThat(dmas).containsExactly(new Dma(MS, "landed in f block 1"), new Dma(20 * MS, "IOMMU_NOT_PRESENT"),
                        new Dma(1500 * MS, "IOMMU_NOT_PRESENT"), new Dma(2500 * MS, "MR_INVALID"));
                assertThat(lifecycle).containsExactly(RdmaEvent.MrRegistered.class, RdmaEvent.MrRevoked.class,
                        RdmaEvent.MrDeregistered.class);
                assertThat(world.kernel().events().ofType(RdmaEvent.MrRevoked.class).get(0).action())
                        .isEqualTo(design == Design.V7 ? RdmaEvent.RevokeAction.DMA_UNMAP_SG : RdmaEvent.RevokeAction.IOMMU_UNMAP);
            }
            case ODP -> {
                // No lease: the write at 20 ms still reaches block 1, which f still maps (the punch
                // waits for the MAP_DIRECT lease); the munmap at 1 s zaps the translation first.
                assertThat(dmas).containsExactly(new Dma(MS, "landed in f block 1"), new Dma(20 * MS, "landed in f block 1"),
                        new Dma(1500 * MS, "ODP_UNRESOLVED"), new Dma(2500 * MS, "MR_INVALID"));
                assertThat(lifecycle).containsExactly(RdmaEvent.MrRegistered.class, RdmaEvent.OdpInvalidated.class,
                        RdmaEvent.MrDeregistered.class);
            }
        }
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
    }
}
