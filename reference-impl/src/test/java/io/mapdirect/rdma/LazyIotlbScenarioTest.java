package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.DIRECT;
import static io.mapdirect.rdma.RdmaWorlds.F;
import static io.mapdirect.rdma.RdmaWorlds.FALLOC_PUNCH;
import static io.mapdirect.rdma.RdmaWorlds.MS;
import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static io.mapdirect.rdma.RdmaWorlds.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.nic.DmaResult;
import io.mapdirect.nic.NicEvent;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * scenario S14: lazy IOTLB [28] [31]. S11's story: the device writes block 1 at 1 ms (filling the
 * IOTLB), P1 punches block 1 at 10 ms (the break revokes), the device writes again at 15 ms (within
 * the 10 ms flush timer) and, after a QP reset, at 25 ms.
 */
class LazyIotlbScenarioTest {
    record Run(World world, List<DmaResult> results, int block1) { }

    static Run run(Policy policy, IommuMode mode, KnownBug... bugs) {
        World world = RdmaWorlds.boot(policy, mode, bugs);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        int[] key = {-1};
        int[] block1 = {-1};
        List<DmaResult> results = new ArrayList<>();
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            key[0] = (int) world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            block1[0] = RdmaWorlds.block(world, F, 1);
            world.sim().sleepNs(SEC, null);
            world.mm().munmap(p0, addr, 4 * PAGE);
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            int fd = (int) world.files().open(p1, F, OpenFlags.O_RDWR).valueOrThrow();
            world.sim().sleepNs(10 * MS, null);
            world.files().fallocate(p1, fd, FALLOC_PUNCH, PAGE, PAGE);
            world.proc().exit(p1);
        });
        world.startKernelTask("device", () -> {
            world.sim().sleepNs(MS, null);
            results.add(world.nic().dmaWrite(key[0], PAGE, 1));
            world.sim().sleepNs(14 * MS, null);
            results.add(world.nic().dmaWrite(key[0], PAGE, 2));
            world.nic().resetQp(key[0]);
            world.sim().sleepNs(10 * MS, null);
            results.add(world.nic().dmaWrite(key[0], PAGE, 3));
        });
        RdmaWorlds.assertCompleted(world.run());
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
        return new Run(world, results, block1[0]);
    }

    @Test
    @DisplayName("S14 with fault LAZY_IOTLB on a lazy domain: the write at 15 ms lands in f's block after the revocation returned; at 25 ms it faults")
    void s14LazyRevocationLetsStaleIotlbThrough() {
        Run run = run(RdmaWorlds.v8(), IommuMode.DMA_LAZY, KnownBug.LAZY_IOTLB);
        assertThat(run.results()).extracting(DmaResult::landed).containsExactly(true, true, false);
        assertThat(run.results().get(1)).isInstanceOfSatisfying(DmaResult.Landed.class,
                landed -> assertThat(landed.block()).isEqualTo(run.block1()));
        assertThat(run.world().kernel().probes().count("stale IOTLB hit")).isEqualTo(1);
        List<EventLog.Entry> entries = run.world().kernel().events().entries();
        int revoked = indexOf(entries, RdmaEvent.MrRevoked.class, 0);
        int secondLanding = indexOf(entries, NicEvent.DmaLanded.class, 1);
        assertThat(revoked).as("the landing at 15 ms comes after the revocation (DMA_AFTER_REVOKE)").isLessThan(secondLanding);
        assertThat(((RdmaEvent.MrRevoked) entries.get(revoked).event()).action())
                .isEqualTo(RdmaEvent.RevokeAction.IOMMU_UNMAP_LAZY);
    }

    @Test
    @DisplayName("S14 strict domain: the write at 15 ms faults at the IOMMU")
    void s14StrictDomainFaults() {
        Run run = run(RdmaWorlds.v8(), IommuMode.DMA_STRICT);
        assertThat(run.results()).extracting(DmaResult::landed).containsExactly(true, false, false);
        assertThat(run.results().get(1)).isInstanceOf(DmaResult.IommuFault.class);
    }

    @Test
    @DisplayName("S14 [31]: v8's iommu_unmap is synchronous even on a lazy domain: without the fault the write at 15 ms faults")
    void s14V8OnLazyDomainStillSynchronous() {
        Run run = run(RdmaWorlds.v8(), IommuMode.DMA_LAZY);
        assertThat(run.results()).extracting(DmaResult::landed).containsExactly(true, false, false);
        assertThat(run.world().kernel().probes().count("stale IOTLB hit")).isZero();
    }

    @Test
    @DisplayName("S14 [28]: v7's dma_unmap_sg on a lazy domain goes through the flush queue by design: the write at 15 ms lands")
    void s14V7OnLazyDomainLandsThroughStaleEntry() {
        Run run = run(RdmaWorlds.v7(), IommuMode.DMA_LAZY);
        assertThat(run.results()).extracting(DmaResult::landed).containsExactly(true, true, false);
    }

    private static int indexOf(List<EventLog.Entry> entries, Class<?> type, int nth) {
        int seen = 0;
        for (EventLog.Entry entry : entries) {
            if (type.isInstance(entry.event()) && seen++ == nth) {
                return entry.index();
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " #" + nth);
    }
}
