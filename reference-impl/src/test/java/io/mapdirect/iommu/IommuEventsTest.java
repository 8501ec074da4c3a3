package io.mapdirect.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.TestKernels;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.sim.Site;
import io.mapdirect.sim.VirtualClock;
import org.junit.jupiter.api.Test;

/**
 * What the IOMMU layer reports: the events the reports, the timelines and the probes are built from
 * ({@code iommu} survivors of docs/mutation.md whose mutants changed only these). Each test pins one
 * event to the state change it describes.
 */
class IommuEventsTest {
    private static final long IOVA = 0x5000;
    private static final long PFN = 5;

    private final Kernel kernel = TestKernels.kernel();
    private final Iommu iommu = new Iommu(kernel, Pmem.fromConfig(kernel));

    /** {@code iommu_map()} of two pages: one PTE event per page, IOVA pfn and block both counting up. */
    @Test
    void mappingTwoPagesReportsEachPte() {
        IommuDomain domain = iommu.attach(PciDevice.of("nic"), IommuMode.DMA_STRICT);
        assertThat(domain.iommuMap(IOVA, 7, 2 * Pmem.PAGE_SIZE, IommuProt.READ_WRITE)).isZero();
        assertThat(kernel.events().ofType(IommuEvent.PteMapped.class)).containsExactly(
                new IommuEvent.PteMapped(domain.id(), PFN, 7, IommuProt.READ_WRITE),
                new IommuEvent.PteMapped(domain.id(), PFN + 1, 8, IommuProt.READ_WRITE));
    }

    /** {@code iommu_flush_tlb_all()}: one FLUSH_ALL invalidation over the whole domain, counting the entries it dropped. */
    @Test
    void flushAllReportsTheEntriesItDropped() {
        IommuDomain domain = iommu.attach(PciDevice.of("nic"), IommuMode.DMA_STRICT);
        domain.iommuMap(IOVA, 7, 2 * Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
        domain.translate(IOVA, true);
        domain.translate(IOVA + Pmem.PAGE_SIZE, true);
        domain.iommuFlushIotlbAll();
        assertThat(domain.iotlbEntries()).isEmpty();
        assertThat(kernel.events().ofType(IommuEvent.IotlbInvalidated.class)).containsExactly(
                new IommuEvent.IotlbInvalidated(domain.id(), IovaAllocator.IOVA_START_PFN, IommuDomain.DOMAIN_MAX_PFN, 2,
                        IommuEvent.InvalidateCause.FLUSH_ALL));
    }

    /** {@code iommu_attach_device()}: domains are numbered from 1 in attach order; a device without an IOMMU has none (0). */
    @Test
    void attachingReportsTheDomainOfEachDevice() {
        IommuDomain first = iommu.attach(PciDevice.of("nic"), IommuMode.DMA_STRICT);
        iommu.attach(PciDevice.of("raw"), IommuMode.NONE);
        IommuDomain second = iommu.attach(PciDevice.of("hba"), IommuMode.DMA_LAZY);
        assertThat(first.id()).isEqualTo(1);
        assertThat(second.id()).isEqualTo(2);
        assertThat(kernel.events().ofType(IommuEvent.DeviceAttached.class)).containsExactly(
                new IommuEvent.DeviceAttached("nic", IommuMode.DMA_STRICT, 1),
                new IommuEvent.DeviceAttached("raw", IommuMode.NONE, 0),
                new IommuEvent.DeviceAttached("hba", IommuMode.DMA_LAZY, 2));
    }

    /** The revocation's remap to a scratch page: per page, the old PTE's block unmapped, then the scratch block mapped. */
    @Test
    void remapReportsTheOldAndTheScratchPte() {
        IommuDomain domain = iommu.attach(PciDevice.of("nic"), IommuMode.DMA_STRICT);
        domain.iommuMap(IOVA, 7, Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
        assertThat(domain.iommuRemap(IOVA, Pmem.PAGE_SIZE, 3, IommuProt.READ)).isEqualTo(Pmem.PAGE_SIZE);
        assertThat(kernel.events().ofType(IommuEvent.PteUnmapped.class))
                .containsExactly(new IommuEvent.PteUnmapped(domain.id(), PFN, 7));
        assertThat(kernel.events().ofType(IommuEvent.PteMapped.class)).containsExactly(
                new IommuEvent.PteMapped(domain.id(), PFN, 7, IommuProt.READ_WRITE),
                new IommuEvent.PteMapped(domain.id(), PFN, 3, IommuProt.READ));
    }

    /** A translation that misses the IOTLB walks the table and fills the IOTLB: reported once; the hit after it is not. */
    @Test
    void aTableWalkReportsTheIotlbFill() {
        IommuDomain domain = iommu.attach(PciDevice.of("nic"), IommuMode.DMA_STRICT);
        domain.iommuMap(IOVA, 7, Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
        domain.translate(IOVA, true);
        domain.translate(IOVA, false);
        assertThat(kernel.events().ofType(IommuEvent.IotlbFilled.class))
                .containsExactly(new IommuEvent.IotlbFilled(domain.id(), PFN, 7, IommuProt.READ_WRITE));
    }

    /**
     * {@code queue_iova()}: each queued range is reported with the queue's depth, and the flush timer is
     * armed by the first entry only: a second entry 5 ms later leaves the deadline at 10 ms.
     */
    @Test
    void queuedRangesAreReportedAndTheTimerIsArmedOnce() {
        IommuDomain domain = iommu.attach(PciDevice.of("nic"), IommuMode.DMA_LAZY);
        long[] deadlines = new long[2];
        kernel.sim().spawn("unmapper", () -> {
            domain.queueFlush(PFN, 1, false);
            deadlines[0] = domain.flushTimerDeadlineNs();
            kernel.sim().sleepNs(5 * VirtualClock.NS_PER_MS, Site.of("test step"));
            domain.queueFlush(PFN + 1, 2, true);
            deadlines[1] = domain.flushTimerDeadlineNs();
        });
        kernel.sim().run();
        assertThat(deadlines).containsExactly(10 * VirtualClock.NS_PER_MS, 10 * VirtualClock.NS_PER_MS);
        assertThat(kernel.events().ofType(IommuEvent.FlushQueued.class)).containsExactly(
                new IommuEvent.FlushQueued(domain.id(), PFN, 1, false, 1),
                new IommuEvent.FlushQueued(domain.id(), PFN + 1, 2, true, 2));
    }
}
