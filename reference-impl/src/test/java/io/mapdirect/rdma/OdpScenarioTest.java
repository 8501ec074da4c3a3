package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.DIRECT;
import static io.mapdirect.rdma.RdmaWorlds.F;
import static io.mapdirect.rdma.RdmaWorlds.FALLOC_PUNCH;
import static io.mapdirect.rdma.RdmaWorlds.G;
import static io.mapdirect.rdma.RdmaWorlds.MS;
import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static io.mapdirect.rdma.RdmaWorlds.RW;
import static io.mapdirect.rdma.RdmaWorlds.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.fs.xfs.XfsEvents;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.nic.DmaResult;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * scenario S17: ODP [34] [38]. An ODP MR over S1's MAP_DIRECT mapping; P1 punches block 1 at 10 ms;
 * P0 munmaps at 1 s (the punch goes through), P2 creates g at 1.2 s (taking the freed block), P0 maps
 * f again with plain MAP_SHARED at the same address at 1.5 s. The device writes MR page 1 at 1 ms,
 * 1.1 s and 2 s.
 */
class OdpScenarioTest {
    @Test
    @DisplayName("S17: no lease for the MR; translations zapped before the block is freed; a fault on the hole fails, then allocates through the new mapping; never the freed block")
    void s17OdpFollowsTheBlockMap() {
        World world = RdmaWorlds.boot(RdmaWorlds.v8().withOdp(true), IommuMode.DMA_STRICT);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        Process p2 = world.process("P2", Creds.user(2000));
        int[] key = {-1};
        long[] mrAddress = {-1};
        int[] blocks = {-1, -1, -1};
        List<DmaResult> results = new ArrayList<>();
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            mrAddress[0] = addr;
            key[0] = (int) world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(world.kernel().objects().live("lease_direct")).isEmpty();
            assertThat(world.pins().all()).isEmpty();
            assertThat(RdmaWorlds.domain(world).iovad().allocated()).isEmpty();
            blocks[0] = RdmaWorlds.block(world, F, 1);
            world.sim().sleepNs(SEC, null);
            world.mm().munmap(p0, addr, 4 * PAGE);
            world.sim().sleepNs(500 * MS, null);
            assertThat(world.mm().mmap(p0, addr, 4 * PAGE, RW, MmapFlags.MAP_SHARED | MmapFlags.MAP_FIXED, fd, 0))
                    .isEqualTo(SysResult.value(addr));
            world.sim().sleepNs(SEC, null);
            blocks[2] = RdmaWorlds.block(world, F, 1);
            assertThat(world.rdma().deregMr(p0, key[0])).isEqualTo(SysResult.ok());
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            int fd = (int) world.files().open(p1, F, OpenFlags.O_RDWR).valueOrThrow();
            world.sim().sleepNs(10 * MS, null);
            assertThat(world.files().fallocate(p1, fd, FALLOC_PUNCH, PAGE, PAGE)).isEqualTo(SysResult.ok());
            world.proc().exit(p1);
        });
        world.start(p2, () -> {
            world.sim().sleepNs(1200 * MS, null);
            RdmaWorlds.createFile(world, p2, G, 1, 7);
            blocks[1] = RdmaWorlds.block(world, G, 0);
            world.proc().exit(p2);
        });
        world.startKernelTask("device", () -> {
            world.sim().sleepNs(MS, null);
            results.add(world.nic().dmaWrite(key[0], PAGE, 11));
            world.sim().sleepNs(1099 * MS, null);
            results.add(world.nic().dmaWrite(key[0], PAGE, 22));
            world.nic().resetQp(key[0]);
            world.sim().sleepNs(900 * MS, null);
            results.add(world.nic().dmaWrite(key[0], PAGE, 33));
        });
        RdmaWorlds.assertCompleted(world.run());
        assertThat(blocks[1]).as("g took the block f's punch freed").isEqualTo(blocks[0]);
        assertThat(blocks[2]).as("the write fault allocated a new block for f").isNotEqualTo(blocks[0]);
        assertThat(results.get(0)).isInstanceOfSatisfying(DmaResult.Landed.class,
                landed -> assertThat(landed.block()).isEqualTo(blocks[0]));
        assertThat(results.get(1)).isEqualTo(new DmaResult.OdpFault(mrAddress[0] + PAGE, Errno.EFAULT));
        assertThat(results.get(2)).isInstanceOfSatisfying(DmaResult.Landed.class,
                landed -> assertThat(landed.block()).isEqualTo(blocks[2]));
        assertThat(world.memory().pmem().durableVersion(blocks[1])).as("g untouched").isEqualTo(7);
        assertZappedBeforeFreed(world.kernel().events().entries(), blocks[0]);
        assertThat(world.kernel().probes().count("ODP fault resolved")).isEqualTo(2);
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F), RdmaWorlds.inode(world, G));
    }

    /** The ODP invalidation reaching the MR comes before the block-map change that frees {@code block}. */
    private static void assertZappedBeforeFreed(List<EventLog.Entry> entries, int block) {
        int zapped = -1;
        int freed = -1;
        for (EventLog.Entry entry : entries) {
            if (zapped < 0 && entry.event() instanceof RdmaEvent.OdpInvalidated invalidated && invalidated.dropped() > 0) {
                zapped = entry.index();
            }
            if (freed < 0 && entry.event() instanceof XfsEvents.BlockMapChanged changed
                    && changed.change().unmapsPreviousBlock() && changed.change().before().pmemBlock() == block) {
                freed = entry.index();
            }
        }
        assertThat(zapped).isNotNegative();
        assertThat(freed).isNotNegative();
        assertThat(zapped).isLessThan(freed);
    }

    /**
     * ODP_COHERENT under races [34] [38]: an ODP MR over an ordinary DAX mapping of f; in a second
     * run the device writes MR page 1 (an ODP fault) while P1 punches block 1, under every schedule
     * with one preemption. At every landing, the block reached is the one f maps at block 1 at that
     * instant; and some schedule makes the fault see an invalidation and retry.
     */
    @Test
    @DisplayName("S17 race: ODP fault vs punch under every single-preemption schedule: every landing hits f's current block 1")
    void s17OdpFaultRacingPunchStaysCoherent() {
        long raced = 0;
        for (int k = 0; k < 150; k++) {
            int[] choices = new int[k + 1];
            choices[k] = 1;
            raced += racingRun(io.mapdirect.sim.Schedule.of(choices));
        }
        assertThat(raced).as("schedules where the fault saw an invalidation and retried").isPositive();
    }

    private static long racingRun(io.mapdirect.sim.Schedule schedule) {
        World world = RdmaWorlds.boot(RdmaWorlds.v8().withOdp(true), IommuMode.DMA_STRICT);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        int[] key = {-1};
        int[] fd1 = {-1};
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, RdmaWorlds.SHARED);
            key[0] = (int) world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            fd1[0] = (int) world.files().open(p1, F, OpenFlags.O_RDWR).valueOrThrow();
        });
        RdmaWorlds.assertCompleted(world.run());
        var f = RdmaWorlds.inode(world, F);
        List<String> incoherent = new ArrayList<>();
        world.kernel().events().subscribe(entry -> {
            if (entry.event() instanceof io.mapdirect.nic.NicEvent.DmaLanded landed && landed.pmemBlock() != f.pfnAt(1)) {
                incoherent.add(entry.toString());
            }
        });
        world.sim().setSchedule(schedule);
        world.startKernelTask("device", () -> world.nic().dmaWrite(key[0], PAGE, 5));
        world.start(p1, () -> world.files().fallocate(p1, fd1[0], FALLOC_PUNCH, PAGE, PAGE));
        RdmaWorlds.assertCompleted(world.run());
        assertThat(incoherent).isEmpty();
        world.start(p0, () -> world.proc().exit(p0));
        world.start(p1, () -> world.proc().exit(p1));
        RdmaWorlds.assertCompleted(world.run());
        RdmaWorlds.assertNothingLeft(world, f);
        return world.kernel().probes().count("ODP fault raced an invalidation");
    }
}
