package io.mapdirect.iommu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.TestKernels;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Oops;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.Simulation;
import io.mapdirect.sim.Site;
import io.mapdirect.sim.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IommuDomainTest {
    private static final Site STEP = Site.of("test step");
    private static final long IOVA = 0x5000;
    private static final long PFN = 5;

    private final Kernel kernel = TestKernels.kernel();
    private final Pmem pmem = Pmem.fromConfig(kernel);
    private final Iommu iommu = new Iommu(kernel, pmem);

    private IommuDomain domain(IommuMode mode) {
        return iommu.attach(PciDevice.of("nic"), mode);
    }

    @Test
    @DisplayName("[28] [31] strict iommu_unmap leaves no IOTLB entry: the next DMA faults")
    void strictUnmapLeavesNoIotlbEntry_seed28() {
        IommuDomain domain = domain(IommuMode.DMA_STRICT);
        assertThat(domain.iommuMap(IOVA, 7, Pmem.PAGE_SIZE, IommuProt.READ_WRITE)).isZero();
        assertThat(domain.translate(IOVA + 12, true)).isEqualTo(new Translation.Mapped(7, domain.iotlbEntry(PFN), false));
        assertThat(domain.iotlbEntry(PFN)).isNotNull();

        assertThat(domain.iommuUnmap(IOVA, Pmem.PAGE_SIZE)).isEqualTo(Pmem.PAGE_SIZE);

        assertThat(domain.iotlbEntry(PFN)).isNull();
        assertThat(domain.iotlbEntries()).isEmpty();
        assertThat(domain.translate(IOVA, true)).isEqualTo(new Translation.Fault(FaultReason.NOT_PRESENT));
        assertThat(kernel.events().ofType(IommuEvent.IotlbInvalidated.class))
                .containsExactly(new IommuEvent.IotlbInvalidated(domain.id(), PFN, 1, 1, IommuEvent.InvalidateCause.UNMAP));
        assertThat(kernel.events().ofType(IommuEvent.IommuFaulted.class))
                .containsExactly(new IommuEvent.IommuFaulted(domain.id(), PFN, true, FaultReason.NOT_PRESENT));
        assertThat(kernel.probes().count("IOMMU fault")).isEqualTo(1);
    }

    @Test
    @DisplayName("[28] iommu_unmap_fast leaves a stale IOTLB entry that translates until iommu_iotlb_sync")
    void unmapFastLeavesStaleEntryUntilSync_seed28() {
        IommuDomain domain = domain(IommuMode.DMA_STRICT);
        domain.iommuMap(IOVA, 7, Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
        domain.translate(IOVA, false);
        assertThat(domain.iommuUnmapFast(IOVA, Pmem.PAGE_SIZE)).isEqualTo(Pmem.PAGE_SIZE);
        assertThat(domain.pte(PFN)).isNull();

        Translation stale = domain.translate(IOVA, true);
        assertThat(stale).isInstanceOfSatisfying(Translation.Mapped.class, mapped -> {
            assertThat(mapped.block()).isEqualTo(7);
            assertThat(mapped.stale()).isTrue();
            assertThat(mapped.isCurrent()).isTrue();
        });
        assertThat(kernel.probes().count("stale IOTLB hit")).isEqualTo(1);

        domain.iommuIotlbSync();
        assertThat(((Translation.Mapped) stale).isCurrent()).as("the sync drains the in-flight translation").isFalse();
        assertThat(domain.translate(IOVA, true)).isEqualTo(new Translation.Fault(FaultReason.NOT_PRESENT));
    }

    @Test
    @DisplayName("[28] a remap of a lazily unmapped IOVA is not seen until the stale entry is flushed")
    void staleEntryShadowsANewMapping_seed28() {
        IommuDomain domain = domain(IommuMode.DMA_LAZY);
        domain.iommuMap(IOVA, 7, Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
        domain.translate(IOVA, true);
        domain.iommuUnmapFast(IOVA, Pmem.PAGE_SIZE);
        domain.iommuMap(IOVA, 9, Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
        assertThat(domain.translate(IOVA, true)).isInstanceOfSatisfying(Translation.Mapped.class,
                mapped -> assertThat(mapped.block()).isEqualTo(7));
        domain.iommuFlushIotlbAll();
        assertThat(domain.translate(IOVA, true)).isInstanceOfSatisfying(Translation.Mapped.class,
                mapped -> assertThat(mapped.block()).isEqualTo(9));
    }

    @Test
    @DisplayName("[28] [31] lazy: a queued range keeps translating until the 10 ms flush timer drains the queue")
    void flushQueueDrainsOnTenMillisecondTimer_seed28() {
        IommuDomain domain = domain(IommuMode.DMA_LAZY);
        domain.iommuMap(IOVA, 7, Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
        long start = domain.allocIova(1, -1L);
        domain.translate(IOVA, true);
        Simulation sim = kernel.sim();
        List<String> seen = new ArrayList<>();
        sim.spawn("revoker", () -> {
            domain.iommuUnmapFast(IOVA, Pmem.PAGE_SIZE);
            domain.queueFlush(PFN, 1, false);
            domain.queueFlush(start, 1, true);
            seen.add("t0 " + domain.translate(IOVA, true).getClass().getSimpleName() + " timer " + domain.flushTimerDeadlineNs());
            sim.sleepNs(9 * VirtualClock.NS_PER_MS, STEP);
            seen.add("t9 " + domain.translate(IOVA, true).getClass().getSimpleName() + " depth " + domain.flushQueueDepth());
            sim.sleepNs(2 * VirtualClock.NS_PER_MS, STEP);
            seen.add("t11 " + domain.translate(IOVA, true).getClass().getSimpleName() + " depth " + domain.flushQueueDepth());
        });
        RunResult result = sim.run();
        assertThat(result.completed()).isTrue();
        assertThat(seen).containsExactly("t0 Mapped timer 10000000", "t9 Mapped depth 2", "t11 Fault depth 0");
        assertThat(domain.iovad().isAllocated(start)).as("the drain frees the IOVA it was asked to").isFalse();
        assertThat(kernel.events().ofType(IommuEvent.FlushQueueDrained.class))
                .containsExactly(new IommuEvent.FlushQueueDrained(domain.id(), 2, IommuEvent.DrainCause.TIMER));
        assertThat(domain.flushTimerDeadlineNs()).isEqualTo(-1);
    }

    @Test
    @DisplayName("[28] [31] lazy: the 256th queued entry drains the queue at once")
    void flushQueueDrainsWhenFull_seed28() {
        IommuDomain domain = domain(IommuMode.DMA_LAZY);
        domain.iommuMap(IOVA, 7, Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
        domain.translate(IOVA, true);
        domain.iommuUnmapFast(IOVA, Pmem.PAGE_SIZE);
        domain.queueFlush(PFN, 1, false);
        for (int i = 1; i < 255; i++) {
            domain.queueFlush(1000 + i, 1, false);
        }
        assertThat(domain.flushQueueDepth()).isEqualTo(255);
        assertThat(domain.translate(IOVA, true)).isInstanceOf(Translation.Mapped.class);

        domain.queueFlush(2000, 1, false);

        assertThat(domain.flushQueueDepth()).isZero();
        assertThat(domain.flushTimerDeadlineNs()).as("the drain disarms the timer").isEqualTo(-1);
        assertThat(domain.translate(IOVA, true)).isEqualTo(new Translation.Fault(FaultReason.NOT_PRESENT));
        assertThat(kernel.probes().count("flush queue full")).isEqualTo(1);
        assertThat(kernel.events().ofType(IommuEvent.FlushQueueDrained.class))
                .containsExactly(new IommuEvent.FlushQueueDrained(domain.id(), 256, IommuEvent.DrainCause.FULL));
    }

    @Test
    @DisplayName("[28] lazy: an explicit drain disarms the flush timer; a range queued after it waits its own 10 ms")
    void rangeQueuedAfterAnExplicitDrainWaitsItsOwnTimeout_seed28() {
        IommuDomain domain = domain(IommuMode.DMA_LAZY);
        Simulation sim = kernel.sim();
        List<String> seen = new ArrayList<>();
        sim.spawn("unmapper", () -> {
            domain.queueFlush(PFN, 1, false);
            sim.sleepNs(2 * VirtualClock.NS_PER_MS, STEP);
            domain.drainFlushQueue();
            sim.sleepNs(1 * VirtualClock.NS_PER_MS, STEP);
            domain.queueFlush(PFN + 1, 1, false);
            sim.sleepNs(8 * VirtualClock.NS_PER_MS, STEP);
            seen.add("t11 depth " + domain.flushQueueDepth());
            sim.sleepNs(3 * VirtualClock.NS_PER_MS, STEP);
            seen.add("t14 depth " + domain.flushQueueDepth());
        });
        assertThat(sim.run().completed()).isTrue();
        assertThat(seen).containsExactly("t11 depth 1", "t14 depth 0");
        assertThat(kernel.events().ofType(IommuEvent.FlushQueueDrained.class)).containsExactly(
                new IommuEvent.FlushQueueDrained(domain.id(), 1, IommuEvent.DrainCause.EXPLICIT),
                new IommuEvent.FlushQueueDrained(domain.id(), 1, IommuEvent.DrainCause.TIMER));
    }

    @Test
    @DisplayName("an explicit drain of an empty queue does nothing")
    void explicitDrain() {
        IommuDomain domain = domain(IommuMode.DMA_LAZY);
        domain.drainFlushQueue();
        assertThat(kernel.events().ofType(IommuEvent.FlushQueueDrained.class)).isEmpty();
        domain.queueFlush(PFN, 1, false);
        domain.drainFlushQueue();
        assertThat(kernel.events().ofType(IommuEvent.FlushQueueDrained.class))
                .containsExactly(new IommuEvent.FlushQueueDrained(domain.id(), 1, IommuEvent.DrainCause.EXPLICIT));
    }

    @Test
    @DisplayName("[28] a device can translate between a strict unmap's PTE clear and its IOTLB flush, never after")
    void strictUnmapYieldsBetweenClearAndFlush_seed28() {
        IommuDomain domain = domain(IommuMode.DMA_STRICT);
        domain.iommuMap(IOVA, 7, Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
        domain.translate(IOVA, true);
        Simulation sim = kernel.sim();
        sim.setSchedule(io.mapdirect.sim.Schedule.of(0, 1));
        List<String> seen = new ArrayList<>();
        sim.spawn("revoker", () -> {
            domain.iommuUnmap(IOVA, Pmem.PAGE_SIZE);
            seen.add("unmap returned");
        });
        sim.spawn("device", () -> seen.add(domain.translate(IOVA, true) instanceof Translation.Mapped m && m.stale()
                ? "stale hit" : "other"));
        sim.run();
        assertThat(seen).containsExactly("stale hit", "unmap returned");
        assertThat(domain.translate(IOVA, true)).isInstanceOf(Translation.Fault.class);
    }

    @Test
    @DisplayName("write through a read-only mapping: permission fault, from the table and from the IOTLB")
    void permissionFault() {
        IommuDomain domain = domain(IommuMode.DMA_STRICT);
        domain.iommuMap(IOVA, 7, Pmem.PAGE_SIZE, IommuProt.READ);
        assertThat(domain.translate(IOVA, true)).isEqualTo(new Translation.Fault(FaultReason.PERMISSION));
        assertThat(domain.translate(IOVA, false)).isInstanceOf(Translation.Mapped.class);
        assertThat(domain.translate(IOVA, true)).isEqualTo(new Translation.Fault(FaultReason.PERMISSION));
        assertThat(IommuProt.describe(IommuProt.READ)).isEqualTo("r-");
        assertThat(IommuProt.describe(IommuProt.READ_WRITE)).isEqualTo("rw");
        assertThat(IommuProt.describe(IommuProt.WRITE)).isEqualTo("-w");
    }

    @Test
    @DisplayName("iommu_map over a present PTE: WARN and -EBUSY; unaligned or empty: -EINVAL")
    void mapRefusals() {
        IommuDomain domain = domain(IommuMode.DMA_STRICT);
        assertThat(domain.iommuMap(IOVA, 7, 2 * Pmem.PAGE_SIZE, IommuProt.READ_WRITE)).isZero();
        assertThat(domain.mappedPages()).isEqualTo(2);
        assertThat(domain.iommuMap(IOVA + Pmem.PAGE_SIZE, 9, Pmem.PAGE_SIZE, IommuProt.READ_WRITE))
                .isEqualTo(Errno.EBUSY.negative());
        assertThat(kernel.log().warnings()).isEqualTo(1);
        assertThat(domain.iommuMap(IOVA + 1, 9, Pmem.PAGE_SIZE, IommuProt.READ_WRITE)).isEqualTo(Errno.EINVAL.negative());
        assertThat(domain.iommuMap(IOVA, 9, 0, IommuProt.READ_WRITE)).isEqualTo(Errno.EINVAL.negative());
        assertThat(domain.pte(PFN + 1)).isEqualTo(new Pte(8, IommuProt.READ_WRITE));
    }

    @Test
    @DisplayName("iommu_map unwinds what it mapped when a page-table page cannot be allocated")
    void mapUnwindsOnPageTableAllocationFailure() {
        Kernel failing = TestKernels.failingAllocation(2);
        IommuDomain domain = new Iommu(failing, Pmem.fromConfig(failing)).attach(PciDevice.of("nic"), IommuMode.DMA_STRICT);
        long lastPfnOfFirstTable = 511;
        int rc = domain.iommuMap(lastPfnOfFirstTable << Pmem.PAGE_SHIFT, 3, 2 * Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
        assertThat(rc).isEqualTo(Errno.ENOMEM.negative());
        assertThat(domain.mappedPages()).isZero();
        assertThat(failing.events().ofType(IommuEvent.PteUnmapped.class))
                .containsExactly(new IommuEvent.PteUnmapped(domain.id(), 511, 3));
        assertThat(failing.events().ofType(IommuEvent.IotlbInvalidated.class)).extracting(IommuEvent.IotlbInvalidated::cause)
                .containsExactly(IommuEvent.InvalidateCause.MAP_UNWIND);
    }

    @Test
    @DisplayName("__iommu_unmap: an unaligned size is refused with a log line and unmaps nothing (why [22]'s page count must become bytes)")
    void unalignedUnmapIsRefused_seed22() {
        IommuDomain domain = domain(IommuMode.DMA_STRICT);
        domain.iommuMap(IOVA, 7, Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
        assertThat(domain.iommuUnmap(IOVA, 1)).isEqualTo(Errno.EINVAL.negative());
        assertThat(domain.iommuUnmapFast(IOVA + 1, Pmem.PAGE_SIZE)).isEqualTo(Errno.EINVAL.negative());
        assertThat(domain.iommuRemap(IOVA, 3, 1, IommuProt.READ_WRITE)).isEqualTo(Errno.EINVAL.negative());
        assertThat(domain.iommuUnmap(IOVA, 0)).isZero();
        assertThat(domain.pte(PFN)).isNotNull();
        assertThat(kernel.log().lines()).extracting(line -> line.text()).allMatch(text -> text.contains("unaligned"));
        assertThat(kernel.log().lines()).hasSize(3);
    }

    @Test
    @DisplayName("[43] REMAP: PTEs retargeted to a scratch block in place, IOTLB flushed before return, no fault")
    void remapRetargetsToScratch_seed43() {
        IommuDomain domain = domain(IommuMode.DMA_STRICT);
        domain.iommuMap(IOVA, 7, 2 * Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
        domain.translate(IOVA, true);
        assertThat(domain.iommuRemap(IOVA, 3 * Pmem.PAGE_SIZE, 60, IommuProt.READ_WRITE)).isEqualTo(2 * Pmem.PAGE_SIZE);
        assertThat(domain.translate(IOVA, true)).isInstanceOfSatisfying(Translation.Mapped.class,
                mapped -> assertThat(mapped.block()).isEqualTo(60));
        assertThat(domain.translate(IOVA + Pmem.PAGE_SIZE, true)).isInstanceOfSatisfying(Translation.Mapped.class,
                mapped -> assertThat(mapped.block()).isEqualTo(60));
        assertThat(domain.pte(PFN + 2)).as("holes stay holes").isNull();
    }

    @Test
    @DisplayName("[19] [28] an identity domain translates iova == physical and has nothing to map or revoke")
    void identityDomainCannotRevoke_seed28() {
        IommuDomain identity = domain(IommuMode.IDENTITY);
        assertThat(identity.isIdentity()).isTrue();
        assertThat(identity.type()).isEqualTo(IommuDomain.Type.IDENTITY);
        assertThat(identity.iommuMap(IOVA, 7, Pmem.PAGE_SIZE, IommuProt.READ_WRITE)).isEqualTo(Errno.EINVAL.negative());
        assertThat(identity.iommuUnmap(IOVA, Pmem.PAGE_SIZE)).isZero();
        assertThat(identity.iommuUnmapFast(IOVA, Pmem.PAGE_SIZE)).isZero();
        assertThat(identity.iommuRemap(IOVA, Pmem.PAGE_SIZE, 1, IommuProt.READ_WRITE)).isZero();
        assertThat(identity.translate(IOVA + 3, true)).isEqualTo(new Translation.Mapped(5, null, false));
        assertThat(identity.translate(1L << 60, true)).isEqualTo(new Translation.Fault(FaultReason.NO_MEMORY));
        assertThat(identity.toString()).contains("identity");
    }

    @Test
    @DisplayName("[28] iommu_get_domain_for_dev returns the identity domain too; no IOMMU translates to physical")
    void iommuAttachmentsAndDeviceTranslation_seed28() {
        PciDevice pt = PciDevice.of("pt");
        PciDevice bare = PciDevice.of("bare");
        PciDevice lazy = PciDevice.of("lazy");
        IommuDomain identity = iommu.attach(pt, IommuMode.IDENTITY);
        assertThat(iommu.attach(bare, IommuMode.NONE)).isNull();
        IommuDomain lazyDomain = iommu.attach(lazy, IommuMode.DMA_LAZY);
        assertThat(iommu.iommuGetDomainForDev(pt)).isSameAs(identity);
        assertThat(iommu.iommuGetDomainForDev(bare)).isNull();
        assertThat(iommu.iommuGetDomainForDev(PciDevice.of("never attached"))).isNull();
        assertThat(iommu.mode(PciDevice.of("never attached"))).isEqualTo(IommuMode.NONE);
        assertThat(iommu.mode(lazy)).isEqualTo(IommuMode.DMA_LAZY);
        assertThat(lazyDomain.isLazy()).isTrue();
        assertThat(lazyDomain.toString()).contains("lazy");
        assertThat(iommu.domains()).containsExactly(identity, lazyDomain);
        assertThat(iommu.pmem()).isSameAs(pmem);
        assertThat(iommu.translate(bare, 0x3000, true)).isEqualTo(new Translation.Mapped(3, null, false));
        assertThat(iommu.translate(bare, 64L << Pmem.PAGE_SHIFT, true)).isEqualTo(new Translation.Fault(FaultReason.NO_MEMORY));
        assertThat(iommu.translate(bare, 1L << 62, false)).isEqualTo(new Translation.Fault(FaultReason.NO_MEMORY));
        assertThat(iommu.translate(pt, 0x3000, true)).isEqualTo(new Translation.Mapped(3, null, false));
        assertThat(iommu.translate(lazy, 0x3000, true)).isEqualTo(new Translation.Fault(FaultReason.NOT_PRESENT));
        assertThat(kernel.events().ofType(IommuEvent.DeviceAttached.class)).extracting(IommuEvent.DeviceAttached::mode)
                .containsExactly(IommuMode.IDENTITY, IommuMode.NONE, IommuMode.DMA_LAZY);
        assertThatThrownBy(() -> iommu.attach(pt, IommuMode.DMA_STRICT)).isInstanceOf(Oops.class);
    }

    @Test
    @DisplayName("a PTE to a block outside pmem reaches no memory")
    void pteToMissingBlockIsBusError() {
        PciDevice dev = PciDevice.of("nic");
        IommuDomain domain = iommu.attach(dev, IommuMode.DMA_STRICT);
        domain.iommuMap(IOVA, 100, Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
        assertThat(iommu.translate(dev, IOVA, true)).isEqualTo(new Translation.Fault(FaultReason.NO_MEMORY));
        assertThat(kernel.probes().count("DMA to a missing block")).isEqualTo(1);
    }

    @Test
    @DisplayName("modes: only DMA domains translate; ranges and entries describe themselves")
    void smallValueTypes() {
        assertThat(IommuMode.NONE.translates()).isFalse();
        assertThat(IommuMode.IDENTITY.translates()).isFalse();
        assertThat(IommuMode.DMA_STRICT.translates()).isTrue();
        assertThat(IommuMode.DMA_LAZY.translates()).isTrue();
        IovaRange range = new IovaRange(4, 3);
        assertThat(range.endPfn()).isEqualTo(6);
        assertThat(range.contains(6)).isTrue();
        assertThat(range.contains(7)).isFalse();
        assertThat(range.overlaps(new IovaRange(6, 1))).isTrue();
        assertThat(range.overlaps(new IovaRange(7, 1))).isFalse();
        assertThat(range.toString()).contains("0x4+3");
        IommuDomain domain = domain(IommuMode.DMA_STRICT);
        domain.iommuMap(IOVA, 7, Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
        domain.translate(IOVA, true);
        TranslationEntry entry = domain.iotlbEntry(PFN);
        assertThat(entry.toString()).contains("block 7").doesNotContain("dead");
        domain.iommuFlushIotlbAll();
        assertThat(entry.toString()).contains("dead");
    }
}
