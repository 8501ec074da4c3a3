package io.mapdirect.nic;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.dma.DmaDirection;
import io.mapdirect.dma.DmaMapping;
import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.ScatterList;
import io.mapdirect.hw.TestKernels;
import io.mapdirect.iommu.FaultReason;
import io.mapdirect.iommu.Iommu;
import io.mapdirect.iommu.IommuDomain;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.iommu.TranslationEntry;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.Schedule;
import io.mapdirect.sim.Simulation;
import io.mapdirect.sim.Site;
import io.mapdirect.sim.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NicTest {
    private static final int PAGE = Pmem.PAGE_SIZE;
    private static final Site STEP = Site.of("test step");

    private final Kernel kernel = TestKernels.kernel();
    private final Simulation sim = kernel.sim();
    private final Pmem pmem = Pmem.fromConfig(kernel);
    private final Iommu iommu = new Iommu(kernel, pmem);
    private final DmaMapping dma = new DmaMapping(kernel, iommu);
    private final PciDevice dev = PciDevice.of("nic");
    private final Nic nic = new Nic(kernel, dev, iommu, pmem);

    /** Maps the blocks for the NIC and programs a pinned MR over them, as ib_umem_get + reg_mr would. */
    private int register(ScatterList sgl) {
        assertThat(dma.dmaMapSg(dev, sgl, sgl.size(), DmaDirection.BIDIRECTIONAL)).isEqualTo(sgl.size());
        return nic.createMr(sgl.get(0).dmaAddress(), (long) sgl.size() * PAGE, sgl, sgl.size());
    }

    @Test
    @DisplayName("S10: the device's write through a pinned MR lands in the block, durable, with a DmaLanded event")
    void dmaLandsThroughStrictDomain_S10() {
        iommu.attach(dev, IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3, 4);
        int key = register(sgl);
        long iova = sgl.get(0).dmaAddress();

        DmaResult write = nic.dmaWrite(key, PAGE + 10, 42);

        assertThat(write).isEqualTo(new DmaResult.Landed(iova + PAGE + 10, 4, 42));
        assertThat(write.landed()).isTrue();
        assertThat(pmem.durableVersion(4)).isEqualTo(42);
        assertThat(nic.dmaRead(key, PAGE)).isEqualTo(new DmaResult.Landed(iova + PAGE, 4, 42));
        assertThat(nic.dmaRead(key, 0)).isEqualTo(new DmaResult.Landed(iova, 3, 0));
        assertThat(kernel.events().ofType(NicEvent.DmaLanded.class)).first()
                .isEqualTo(new NicEvent.DmaLanded("nic", key, iova + PAGE + 10, 4, true, 42));
    }

    @Test
    @DisplayName("S11 [22]: after the break's iommu_unmap a DMA faults at the IOMMU, the QP goes to ERROR, later DMAs fail QpError")
    void dmaThroughUnmappedIovaFaultsAndErrorsQp_S11() {
        IommuDomain domain = iommu.attach(dev, IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3, 4);
        int key = register(sgl);
        long iova = sgl.get(0).dmaAddress();
        nic.dmaWrite(key, 0, 1);
        dma.revocation().iommuUnmapSg(domain, dev, sgl, 2);

        assertThat(nic.dmaWrite(key, 0, 2)).isEqualTo(new DmaResult.IommuFault(iova, FaultReason.NOT_PRESENT));
        assertThat(nic.mr(key).qpState()).isEqualTo(QpState.ERROR);
        assertThat(nic.dmaWrite(key, PAGE, 3)).isEqualTo(new DmaResult.QpError(key));
        assertThat(pmem.durableVersion(3)).isEqualTo(1);
        assertThat(kernel.events().ofType(NicEvent.DmaFaulted.class)).extracting(NicEvent.DmaFaulted::reason)
                .containsExactly(DmaFaultReason.IOMMU_NOT_PRESENT, DmaFaultReason.QP_ERROR);
        assertThat(kernel.events().ofType(NicEvent.QpStateChanged.class))
                .containsExactly(new NicEvent.QpStateChanged("nic", key, QpState.ERROR, DmaFaultReason.IOMMU_NOT_PRESENT));

        assertThat(nic.resetQp(key)).isZero();
        assertThat(nic.mr(key).qpState()).isEqualTo(QpState.OK);
        assertThat(nic.dmaWrite(key, PAGE, 3)).isInstanceOf(DmaResult.IommuFault.class);
    }

    @Test
    @DisplayName("S11 v7 [15]: dma_unmap_sg at break frees the IOVA; the next mapping reuses it and the old MR writes into it")
    void v7UnmapAtBreakLetsOldMrWriteIntoReusedIova_seed15() {
        iommu.attach(dev, IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3);
        int key = register(sgl);
        long iova = sgl.get(0).dmaAddress();
        dma.dmaUnmapSg(dev, sgl, 1, DmaDirection.BIDIRECTIONAL);
        ScatterList other = ScatterList.ofPages(20);
        register(other);
        assertThat(other.get(0).dmaAddress()).isEqualTo(iova);

        assertThat(nic.dmaWrite(key, 0, 99)).isEqualTo(new DmaResult.Landed(iova, 20, 99));
        assertThat(pmem.durableVersion(20)).isEqualTo(99);
    }

    @Test
    @DisplayName("S13 [19] [28]: identity domain: unmapping revokes nothing, the device keeps reaching the block")
    void identityDeviceKeepsReachingMemoryAfterUnmap_seed28() {
        iommu.attach(dev, IommuMode.IDENTITY);
        ScatterList sgl = ScatterList.ofPages(6);
        int key = register(sgl);
        dma.dmaUnmapSg(dev, sgl, 1, DmaDirection.BIDIRECTIONAL);
        assertThat(nic.dmaWrite(key, 8, 5)).isEqualTo(new DmaResult.Landed(6L * PAGE + 8, 6, 5));
    }

    @Test
    @DisplayName("S14 [28] [31]: lazy revocation: the device's write within 10 ms lands through the stale IOTLB entry, after it faults")
    void lazyRevocationLetsDmaThroughUntilFlushTimer_S14() {
        IommuDomain domain = iommu.attach(dev, IommuMode.DMA_LAZY);
        ScatterList sgl = ScatterList.ofPages(3);
        int key = register(sgl);
        List<DmaResult> results = new ArrayList<>();
        sim.spawn("device", () -> {
            results.add(nic.dmaWrite(key, 0, 1));
            sim.sleepNs(5 * VirtualClock.NS_PER_MS, STEP);
            results.add(nic.dmaWrite(key, 0, 2));
            sim.sleepNs(6 * VirtualClock.NS_PER_MS, STEP);
            results.add(nic.dmaWrite(key, 0, 3));
        });
        sim.spawn("break", () -> dma.revocation().iommuUnmapSgLazy(domain, dev, sgl, 1));
        RunResult run = sim.run();
        assertThat(run.completed()).isTrue();
        assertThat(results).extracting(DmaResult::landed).containsExactly(true, true, false);
        assertThat(pmem.durableVersion(3)).as("the write at 5 ms landed after revocation").isEqualTo(2);
        assertThat(kernel.probes().count("stale IOTLB hit")).isEqualTo(1);
    }

    @Test
    @DisplayName("determinism: the same S14 story in two fresh worlds gives the same event log and trace, byte for byte")
    void sameStoryGivesSameEventLog_S14() {
        assertThat(lazyStoryLog()).isEqualTo(lazyStoryLog());
    }

    private static List<String> lazyStoryLog() {
        Kernel world = TestKernels.kernel();
        Pmem memory = Pmem.fromConfig(world);
        Iommu platform = new Iommu(world, memory);
        DmaMapping mapping = new DmaMapping(world, platform);
        PciDevice device = PciDevice.of("nic");
        IommuDomain domain = platform.attach(device, IommuMode.DMA_LAZY);
        Nic card = new Nic(world, device, platform, memory);
        ScatterList sgl = ScatterList.ofPages(3, 5);
        mapping.dmaMapSg(device, sgl, 2, DmaDirection.BIDIRECTIONAL);
        int key = card.createMr(sgl.get(0).dmaAddress(), 2L * PAGE, sgl, 2);
        Simulation simulation = world.sim();
        simulation.setSchedule(Schedule.of(1, 0, 1, 1, 0, 1));
        simulation.spawn("device", () -> {
            for (int i = 0; i < 4; i++) {
                card.dmaWrite(key, (long) (i % 2) * PAGE, i);
                simulation.sleepNs(4 * VirtualClock.NS_PER_MS, STEP);
            }
        });
        simulation.spawn("break", () -> mapping.revocation().iommuUnmapSgLazy(domain, device, sgl, 2));
        RunResult run = simulation.run();
        List<String> log = new ArrayList<>();
        world.events().entries().forEach(entry -> log.add(entry.timeNs() + " " + entry.task() + " " + entry.event()));
        log.add(Long.toString(run.trace().fingerprint()));
        return log;
    }

    @Test
    @DisplayName("S11 race: a DMA in flight when the strict iommu_unmap completes is drained: it re-translates and faults")
    void inFlightDmaIsDrainedByStrictUnmap_S11() {
        IommuDomain domain = iommu.attach(dev, IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3);
        int key = register(sgl);
        List<String> order = new ArrayList<>();
        sim.setSchedule(Schedule.of(0, 1, 0));
        sim.spawn("device", () -> order.add("dma " + nic.dmaWrite(key, 0, 7).getClass().getSimpleName()));
        sim.spawn("break", () -> {
            dma.revocation().iommuUnmapSg(domain, dev, sgl, 1);
            order.add("revoked");
        });
        sim.run();
        assertThat(order).containsExactly("revoked", "dma IommuFault");
        assertThat(pmem.durableVersion(3)).isZero();
        assertThat(kernel.probes().count("DMA translation dropped in flight")).isEqualTo(1);
        assertThat(kernel.events().ofType(NicEvent.DmaLanded.class)).isEmpty();
    }

    @Test
    @DisplayName("S11 race, other order: a DMA not preempted lands before the revocation completes")
    void dmaBeforeRevocationLands_S11() {
        IommuDomain domain = iommu.attach(dev, IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3);
        int key = register(sgl);
        List<String> order = new ArrayList<>();
        sim.spawn("device", () -> order.add("dma " + nic.dmaWrite(key, 0, 7).getClass().getSimpleName()));
        sim.spawn("break", () -> {
            dma.revocation().iommuUnmapSg(domain, dev, sgl, 1);
            order.add("revoked");
        });
        sim.run();
        assertThat(order).containsExactly("dma Landed", "revoked");
        assertThat(pmem.durableVersion(3)).isEqualTo(7);
    }

    @Test
    @DisplayName("DMA faults map to results: a read-only mapping refuses a write; no memory behind a bus address")
    void permissionAndBusErrors() {
        iommu.attach(dev, IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3);
        dma.dmaMapSg(dev, sgl, 1, DmaDirection.TO_DEVICE);
        int key = nic.createMr(sgl.get(0).dmaAddress(), PAGE, sgl, 1);
        assertThat(nic.dmaRead(key, 0)).isInstanceOf(DmaResult.Landed.class);
        assertThat(nic.dmaWrite(key, 0, 1)).isEqualTo(new DmaResult.IommuFault(sgl.get(0).dmaAddress(), FaultReason.PERMISSION));

        PciDevice bare = PciDevice.of("bare");
        Nic bareNic = new Nic(kernel, bare, iommu, pmem);
        int far = bareNic.createMr(100L * PAGE, PAGE);
        assertThat(bareNic.dmaWrite(far, 0, 1)).isEqualTo(new DmaResult.IommuFault(100L * PAGE, FaultReason.NO_MEMORY));
        assertThat(kernel.events().ofType(NicEvent.QpStateChanged.class)).extracting(NicEvent.QpStateChanged::reason)
                .containsExactly(DmaFaultReason.IOMMU_PERMISSION, DmaFaultReason.NO_MEMORY);
    }

    @Test
    @DisplayName("a contiguous MR without an IOMMU reaches physical blocks by address; out of range is an access error")
    void contiguousMrAndOutOfRange() {
        int key = nic.createMr(5L * PAGE + 100, 2L * PAGE);
        assertThat(nic.mr(key).pageBusAddresses()).containsExactly(5L * PAGE, 6L * PAGE, 7L * PAGE);
        assertThat(nic.dmaWrite(key, PAGE, 4)).isEqualTo(new DmaResult.Landed(6L * PAGE + 100, 6, 4));
        assertThat(nic.dmaWrite(key, 2L * PAGE, 4)).isEqualTo(new DmaResult.OutOfRange(2L * PAGE));
        assertThat(nic.mr(key).qpState()).isEqualTo(QpState.ERROR);
        assertThat(nic.dmaWrite(key, -1, 4)).isEqualTo(new DmaResult.QpError(key));
    }

    @Test
    @DisplayName("an MR longer than its MTT: an access beyond the MTT's pages is an access error, not a wild read")
    void accessBeyondTheMttIsOutOfRange() {
        iommu.attach(dev, IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3);
        dma.dmaMapSg(dev, sgl, 1, DmaDirection.BIDIRECTIONAL);
        int key = nic.createMr(sgl.get(0).dmaAddress(), 2L * PAGE, sgl, 1);
        assertThat(nic.dmaWrite(key, PAGE, 1)).isEqualTo(new DmaResult.OutOfRange(PAGE));
    }

    @Test
    @DisplayName("MR lifetime: unknown, invalidated and destroyed MRs refuse DMA; driver ops on unknown keys answer -EINVAL")
    void mrLifetime() {
        int key = nic.createMr(3L * PAGE, PAGE);
        assertThat(nic.dmaWrite(77, 0, 1)).isEqualTo(new DmaResult.MrInvalid(77));
        assertThat(nic.invalidateMr(key)).isZero();
        assertThat(nic.mr(key).valid()).isFalse();
        assertThat(nic.dmaWrite(key, 0, 1)).isEqualTo(new DmaResult.MrInvalid(key));
        assertThat(nic.destroyMr(key)).isZero();
        assertThat(nic.mr(key)).isNull();
        assertThat(nic.mrs()).isEmpty();
        assertThat(nic.destroyMr(key)).isEqualTo(Errno.EINVAL.negative());
        assertThat(nic.invalidateMr(key)).isEqualTo(Errno.EINVAL.negative());
        assertThat(nic.resetQp(key)).isEqualTo(Errno.EINVAL.negative());
        assertThat(nic.zapOdp(key, 0, PAGE)).isEqualTo(Errno.EINVAL.negative());
        assertThat(nic.odpInstall(key, 0, 1, true)).isEqualTo(Errno.EINVAL.negative());
        assertThat(kernel.events().ofType(NicEvent.class)).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("MrProgrammed", "DmaFaulted", "MrInvalidated", "DmaFaulted", "MrDestroyed");
        assertThat(nic.name()).isEqualTo("nic");
        assertThat(nic.device()).isSameAs(dev);
        assertThat(nic.resetQp(nic.createMr(0, PAGE))).isZero();
    }

    // ------------------------------------------------------------ ODP [34] [38]

    /** A handler that maps MR page p to block 10 + (p - first page) and counts its calls. */
    private final class Resolver implements OdpFaultHandler {
        int calls;
        int blockBase = 10;
        boolean install = true;
        int rc;

        @Override
        public int handleOdpFault(Nic device, MrContext mr, long iovaPfn, boolean write) {
            calls++;
            if (sim.isRunning()) {
                sim.sleepNs(VirtualClock.NS_PER_MS, STEP); // resolving may sleep: it runs on the device task
            }
            if (install) {
                device.odpInstall(mr.key(), iovaPfn, blockBase + (int) (iovaPfn - (mr.iovaStart() >>> 12)), true);
            }
            return rc;
        }
    }

    @Test
    @DisplayName("S17 [34] [38]: an ODP miss resolves through the handler (which may sleep) and the access retries; a zap forces a new fault")
    void odpMissResolvesAndZapForcesNewFault_S17() {
        Resolver resolver = new Resolver();
        nic.setOdpFaultHandler(resolver);
        long base = 0x7000_0000L;
        int key = nic.createOdpMr(base, 4L * PAGE);
        List<DmaResult> results = new ArrayList<>();
        sim.spawn("device", () -> {
            results.add(nic.dmaWrite(key, PAGE + 1, 5));
            results.add(nic.dmaWrite(key, PAGE + 2, 6));
        });
        sim.run();
        assertThat(results).containsExactly(new DmaResult.Landed(base + PAGE + 1, 11, 5), new DmaResult.Landed(base + PAGE + 2, 11, 6));
        assertThat(resolver.calls).isEqualTo(1);
        assertThat(nic.mr(key).odpEntries()).hasSize(1);

        assertThat(nic.zapOdp(key, base, 4L * PAGE)).isEqualTo(1);
        resolver.blockBase = 20;
        results.clear();
        sim.spawn("device again", () -> results.add(nic.dmaWrite(key, PAGE, 7)));
        sim.run();
        assertThat(results).containsExactly(new DmaResult.Landed(base + PAGE, 21, 7));
        assertThat(resolver.calls).isEqualTo(2);
        assertThat(pmem.durableVersion(11)).isEqualTo(6);
        assertThat(kernel.events().ofType(NicEvent.OdpZapped.class))
                .containsExactly(new NicEvent.OdpZapped("nic", key, base >>> 12, 4, 1));
    }

    @Test
    @DisplayName("S17 [38]: an ODP access in flight when the invalidation zaps its page re-faults and lands in the new block")
    void odpInFlightZapRefaults_S17() {
        Resolver resolver = new Resolver();
        nic.setOdpFaultHandler(resolver);
        int key = nic.createOdpMr(0, 2L * PAGE);
        nic.odpInstall(key, 0, 30, true);
        resolver.blockBase = 40;
        sim.setSchedule(Schedule.of(0, 1));
        List<DmaResult> results = new ArrayList<>();
        sim.spawn("device", () -> results.add(nic.dmaWrite(key, 0, 9)));
        sim.spawn("invalidate", () -> nic.zapOdp(key, 0, PAGE));
        sim.run();
        assertThat(results).containsExactly(new DmaResult.Landed(0, 40, 9));
        assertThat(pmem.durableVersion(30)).as("never the zapped block").isZero();
    }

    @Test
    @DisplayName("ODP: a read-only translation faults for a write; the handler installs a writable one")
    void odpReadOnlyEntryFaultsForWrite() {
        Resolver resolver = new Resolver();
        nic.setOdpFaultHandler(resolver);
        int key = nic.createOdpMr(0, PAGE);
        nic.odpInstall(key, 0, 30, false);
        assertThat(nic.dmaRead(key, 0)).isEqualTo(new DmaResult.Landed(0, 30, 0));
        assertThat(resolver.calls).isZero();
        assertThat(nic.dmaWrite(key, 0, 1)).isEqualTo(new DmaResult.Landed(0, 10, 1));
        assertThat(resolver.calls).isEqualTo(1);
    }

    @Test
    @DisplayName("ODP: a handler error fails the access with its errno and errors the QP; no handler is EFAULT")
    void odpHandlerFailure() {
        Resolver resolver = new Resolver();
        resolver.install = false;
        resolver.rc = Errno.EFAULT.negative();
        nic.setOdpFaultHandler(resolver);
        int key = nic.createOdpMr(0, PAGE);
        assertThat(nic.dmaWrite(key, 0, 1)).isEqualTo(new DmaResult.OdpFault(0, Errno.EFAULT));
        assertThat(nic.mr(key).qpState()).isEqualTo(QpState.ERROR);

        nic.setOdpFaultHandler(null);
        int other = nic.createOdpMr(PAGE, PAGE);
        assertThat(nic.dmaRead(other, 0)).isEqualTo(new DmaResult.OdpFault(PAGE, Errno.EFAULT));
    }

    @Test
    @DisplayName("ODP: a handler that never installs gives up after three faults with EAGAIN")
    void odpGivesUpAfterRetries() {
        Resolver resolver = new Resolver();
        resolver.install = false;
        nic.setOdpFaultHandler(resolver);
        int key = nic.createOdpMr(0, PAGE);
        assertThat(nic.dmaWrite(key, 0, 1)).isEqualTo(new DmaResult.OdpFault(0, Errno.EAGAIN));
        assertThat(resolver.calls).isEqualTo(Nic.MAX_ODP_FAULTS);
        assertThat(kernel.probes().count("ODP fault unresolved after retries")).isEqualTo(1);
    }

    @Test
    @DisplayName("ODP: the MR invalidated, or its QP failed, while the handler slept: the access fails accordingly")
    void odpMrChangedWhileHandlerSlept() {
        int key = nic.createOdpMr(0, PAGE);
        nic.setOdpFaultHandler((device, mr, pfn, write) -> device.invalidateMr(mr.key()));
        assertThat(nic.dmaWrite(key, 0, 1)).isEqualTo(new DmaResult.MrInvalid(key));

        int other = nic.createOdpMr(0, PAGE);
        nic.setOdpFaultHandler((device, mr, pfn, write) -> {
            device.dmaWrite(mr.key(), 5 * PAGE, 0); // another access of the QP fails meanwhile
            return 0;
        });
        assertThat(nic.dmaWrite(other, 0, 1)).isEqualTo(new DmaResult.QpError(other));
    }

    @Test
    @DisplayName("ODP driver ops: install checks MR, page and block; zap of nothing is 0; contexts describe themselves")
    void odpDriverOps() {
        int odpKey = nic.createOdpMr(PAGE, PAGE);
        int pinned = nic.createMr(0, PAGE);
        assertThat(nic.odpInstall(pinned, 0, 1, true)).isEqualTo(Errno.EINVAL.negative());
        assertThat(nic.odpInstall(odpKey, 0, 1, true)).as("page below the MR").isEqualTo(Errno.EINVAL.negative());
        assertThat(nic.odpInstall(odpKey, 2, 1, true)).as("page above the MR").isEqualTo(Errno.EINVAL.negative());
        assertThat(nic.odpInstall(odpKey, 1, 64, true)).as("block outside pmem").isEqualTo(Errno.EINVAL.negative());
        assertThat(nic.odpInstall(odpKey, 1, 2, true)).isZero();
        TranslationEntry first = nic.mr(odpKey).odpEntry(1);
        assertThat(nic.odpInstall(odpKey, 1, 3, false)).isZero();
        assertThat(first.isLive()).as("replaced").isFalse();
        assertThat(first.toString()).contains("zapped");
        TranslationEntry second = nic.mr(odpKey).odpEntry(1);
        assertThat(second.toString()).contains("block 3").contains("ro");
        assertThat(second.iovaPfn()).isEqualTo(1);
        assertThat(nic.zapOdp(odpKey, PAGE, 0)).isZero();
        MrContext mr = nic.mr(odpKey);
        assertThat(mr.odp()).isTrue();
        assertThat(mr.pageBusAddresses()).isEmpty();
        assertThat(mr.lengthBytes()).isEqualTo(PAGE);
        assertThat(mr.toString()).contains("odp");
        nic.destroyMr(odpKey);
        assertThat(second.isLive()).as("destroying the MR drops its translations").isFalse();
        assertThat(mr.toString()).contains("invalid");
    }
}
