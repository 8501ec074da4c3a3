package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.DIRECT;
import static io.mapdirect.rdma.RdmaWorlds.F;
import static io.mapdirect.rdma.RdmaWorlds.FALLOC_PUNCH;
import static io.mapdirect.rdma.RdmaWorlds.G;
import static io.mapdirect.rdma.RdmaWorlds.MS;
import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static io.mapdirect.rdma.RdmaWorlds.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.iommu.FaultReason;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.nic.DmaResult;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * scenario S11: a breaker while the MR is live [11] [22] [15] [33]. P1 (same uid as P0 here, so it
 * may write f) punches block 1 at 10 ms; P0 munmaps at 1 s; P2 creates g at 2 s, gets the freed
 * block, maps it MAP_DIRECT and registers its own MR; the device writes through P0's old MR at 1 ms,
 * 20 ms and 3 s.
 */
class BreakerScenarioTest {
    /** What one run of the story did. */
    record Story(World world, List<DmaResult> results, long punchDoneNs, int freedBlock, int gBlock, long[] iovas,
                 Process p0) { }

    static Story run(Policy policy, IommuMode mode, KnownBug... bugs) {
        World world = RdmaWorlds.boot(policy, mode, bugs);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        Process p2 = world.process("P2", Creds.user(2000));
        int[] keys = {-1, -1};
        long[] iovas = {-1, -1};
        int[] blocks = {-1, -1};
        long[] punchDone = {-1};
        List<DmaResult> results = new ArrayList<>();
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            keys[0] = (int) world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            iovas[0] = world.uverbs().mrs(p0).get(0).umem().iovaRange().startPfn();
            blocks[0] = RdmaWorlds.block(world, F, 1);
            world.sim().sleepNs(SEC, null);
            assertThat(p0.count(Signal.SIGIO)).isEqualTo(1);
            world.mm().munmap(p0, addr, 4 * PAGE);
            world.sim().sleepNs(3 * SEC, null);
            assertThat(world.rdma().deregMr(p0, keys[0])).isEqualTo(SysResult.ok());
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            int fd = (int) world.files().open(p1, F, io.mapdirect.fs.OpenFlags.O_RDWR).valueOrThrow();
            world.sim().sleepNs(10 * MS, null);
            assertThat(world.files().fallocate(p1, fd, FALLOC_PUNCH, PAGE, PAGE)).isEqualTo(SysResult.ok());
            punchDone[0] = world.sim().nowNs();
            world.proc().exit(p1);
        });
        world.start(p2, () -> {
            world.sim().sleepNs(2 * SEC, null);
            int fd = RdmaWorlds.createFile(world, p2, G, 1, 7);
            blocks[1] = RdmaWorlds.block(world, G, 0);
            long addr = RdmaWorlds.mmap(world, p2, fd, 1, DIRECT);
            keys[1] = (int) world.rdma().regMr(p2, addr, PAGE, IbAccess.DEFAULT).valueOrThrow();
            iovas[1] = world.uverbs().mrs(p2).get(0).umem().iovaRange().startPfn();
            world.sim().sleepNs(2 * SEC, null);
            world.proc().exit(p2);
        });
        world.startKernelTask("device", () -> {
            world.sim().sleepNs(MS, null);
            results.add(world.nic().dmaWrite(keys[0], PAGE, 10));
            world.sim().sleepNs(19 * MS, null);
            results.add(world.nic().dmaWrite(keys[0], PAGE, 20));
            world.nic().resetQp(keys[0]);
            world.sim().sleepNs(3 * SEC - 20 * MS, null);
            results.add(world.nic().dmaWrite(keys[0], 0, 99));
        });
        RdmaWorlds.assertCompleted(world.run());
        return new Story(world, results, punchDone[0], blocks[0], blocks[1], iovas, p0);
    }

    @Test
    @DisplayName("S11 strict v8 [22]: revoked at once, the write after the break faults, g gets the freed block and stays untouched")
    void s11StrictV8RevocationProtectsG() {
        Story story = run(RdmaWorlds.v8(), IommuMode.DMA_STRICT);
        World world = story.world();
        assertThat(story.results().get(0)).isInstanceOfSatisfying(DmaResult.Landed.class,
                landed -> assertThat(landed.block()).isEqualTo(story.freedBlock()));
        assertThat(story.results().get(1)).isInstanceOfSatisfying(DmaResult.IommuFault.class,
                fault -> assertThat(fault.reason()).isEqualTo(FaultReason.NOT_PRESENT));
        assertThat(story.results().get(2)).isInstanceOf(DmaResult.IommuFault.class);
        assertThat(story.punchDoneNs()).isEqualTo(SEC);
        assertThat(story.gBlock()).as("g gets the block just freed").isEqualTo(story.freedBlock());
        assertThat(story.iovas()[1]).as("v8 keeps the revoked IOVA allocated").isNotEqualTo(story.iovas()[0]);
        assertThat(world.memory().pmem().durableVersion(story.gBlock())).isEqualTo(7);
        assertThat(world.kernel().probes().count("break while MR active")).isEqualTo(1);
        assertThat(world.kernel().probes().count("IOVA reused while its MR is live")).isZero();
        assertThat(world.kernel().events().ofType(RdmaEvent.MrRevoked.class))
                .extracting(RdmaEvent.MrRevoked::action).containsExactly(RdmaEvent.RevokeAction.IOMMU_UNMAP);
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F), RdmaWorlds.inode(world, G));
    }

    @Test
    @DisplayName("S11 v7 [11] [15]: dma_unmap_sg at break frees the IOVA, P2's MR reuses it, and the old MR's write lands in g")
    void s11V7IovaReuseLetsOldMrWriteIntoG() {
        Story story = run(RdmaWorlds.v7(), IommuMode.DMA_STRICT);
        World world = story.world();
        assertThat(story.results().get(1)).isInstanceOf(DmaResult.IommuFault.class);
        assertThat(story.iovas()[1]).as("the freed IOVA is handed out again").isEqualTo(story.iovas()[0]);
        assertThat(story.results().get(2)).isInstanceOfSatisfying(DmaResult.Landed.class,
                landed -> assertThat(landed.block()).isEqualTo(story.gBlock()));
        assertThat(world.memory().pmem().durableVersion(story.gBlock())).as("Woodhouse's bug: g overwritten").isEqualTo(99);
        assertThat(world.kernel().probes().count("IOVA reused while its MR is live")).isEqualTo(1);
        assertThat(world.kernel().events().ofType(RdmaEvent.MrRevoked.class))
                .extracting(RdmaEvent.MrRevoked::action).containsExactly(RdmaEvent.RevokeAction.DMA_UNMAP_SG);
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F), RdmaWorlds.inode(world, G));
    }

    @Test
    @DisplayName("S11 with fault V7_UNMAP_AT_BREAK on v8 [15]: the break frees the IOVA as v7 does, and the old MR reaches g")
    void s11V7UnmapAtBreakFaultOnV8() {
        Story story = run(RdmaWorlds.v8(), IommuMode.DMA_STRICT, KnownBug.V7_UNMAP_AT_BREAK);
        assertThat(story.iovas()[1]).isEqualTo(story.iovas()[0]);
        assertThat(story.results().get(2)).isInstanceOfSatisfying(DmaResult.Landed.class,
                landed -> assertThat(landed.block()).isEqualTo(story.gBlock()));
        RdmaWorlds.assertNothingLeft(story.world());
    }

    @Test
    @DisplayName("S11 with fault UMEM_BREAK_WRONG_OWNER [11] [22]: the callback returns having revoked nothing; the write after it lands in f")
    void s11WrongOwnerRevokesNothing() {
        Story story = run(RdmaWorlds.v8(), IommuMode.DMA_STRICT, KnownBug.UMEM_BREAK_WRONG_OWNER);
        assertThat(story.results().get(1)).isInstanceOfSatisfying(DmaResult.Landed.class,
                landed -> assertThat(landed.block()).isEqualTo(story.freedBlock()));
        assertThat(story.world().kernel().events().ofType(RdmaEvent.MrRevoked.class))
                .extracting(RdmaEvent.MrRevoked::action).containsExactly(RdmaEvent.RevokeAction.NONE_WRONG_OWNER);
        RdmaWorlds.assertNothingLeft(story.world());
    }

    @Test
    @DisplayName("S16 REMAP [43] [44] [46] [47]: after the break the device's writes succeed into the scratch page, never f or g, and no IOMMU fault is raised")
    void s16RemapSendsWritesToScratch() {
        Story story = run(RdmaWorlds.v8().withRevoke(Policy.Revoke.REMAP_SCRATCH), IommuMode.DMA_STRICT);
        World world = story.world();
        int scratch = (int) world.scratchPfn();
        assertThat(story.results()).extracting(DmaResult::landed).containsExactly(true, true, true);
        assertThat(story.results().subList(1, 3)).allSatisfy(result -> assertThat(result)
                .isInstanceOfSatisfying(DmaResult.Landed.class, landed -> assertThat(landed.block()).isEqualTo(scratch)));
        assertThat(story.iovas()[1]).as("REMAP keeps the IOVA allocated").isNotEqualTo(story.iovas()[0]);
        assertThat(world.memory().pmem().durableVersion(story.gBlock())).isEqualTo(7);
        assertThat(world.kernel().events().ofType(io.mapdirect.iommu.IommuEvent.IommuFaulted.class)).isEmpty();
        assertThat(world.kernel().events().ofType(RdmaEvent.MrRevoked.class))
                .extracting(RdmaEvent.MrRevoked::action).containsExactly(RdmaEvent.RevokeAction.REMAP_SCRATCH);
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F), RdmaWorlds.inode(world, G));
    }
}
