package io.mapdirect.nic;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.ScatterList;
import io.mapdirect.iommu.FaultReason;
import io.mapdirect.iommu.Iommu;
import io.mapdirect.iommu.IommuDomain;
import io.mapdirect.iommu.IommuSg;
import io.mapdirect.iommu.Translation;
import io.mapdirect.iommu.TranslationEntry;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.sim.SimSpinLock;
import io.mapdirect.sim.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The RDMA NIC (spec §2.1's DMA device; drivers/infiniband/hw): MR contexts programmed by the
 * driver, and the DMA engine the device task drives with {@link #dmaWrite} and {@link #dmaRead}.
 * It knows nothing of files. A pinned MR's access goes through the MTT to a bus address, which
 * the device's IOMMU domain translates (or which is physical without translation); a refused
 * translation is an IOMMU fault that moves the MR's QP to the error state. An ODP MR uses the
 * NIC's own page table and raises page faults to the {@link OdpFaultHandler}.
 *
 * <p>Between translation and the memory access there is a yield point, so revocation can race
 * an access in flight. Invalidations drain in-flight accesses in hardware (IOTLB invalidation,
 * ODP invalidation, MR invalidation all complete only when no access still uses what they
 * dropped), so an access whose translation was dropped while it was in flight is serialised
 * after the invalidation: it translates again, without a yield, and lands or faults on that.
 */
public final class Nic {
    /** Page faults raised for one ODP access before it gives up with EAGAIN. */
    static final int MAX_ODP_FAULTS = 3;

    private static final Site IN_FLIGHT = Site.of("nic: DMA translated, access in flight");

    /** A translated access: where it lands and what must still hold when it does. */
    private record Target(MrContext mr, long iova, int block, Translation.Mapped mapped, TranslationEntry odp) {
        boolean isCurrent() {
            return mr.valid() && mr.qpState() == QpState.OK && (mapped == null || mapped.isCurrent())
                    && (odp == null || odp.isLive());
        }
    }

    /** A resolution: a target, or the result of a failed access. */
    private record Resolution(Target target, DmaResult failure) { }

    private final Kernel kernel;
    private final PciDevice device;
    private final Iommu iommu;
    private final Pmem pmem;
    private final Map<Integer, MrContext> mrs = new TreeMap<>();
    /** Guards MR state changes against a DMA's check-and-land when the device has no IOMMU domain. */
    private final SimSpinLock ownDrain;
    private OdpFaultHandler odpFaultHandler;
    private int nextKey = 1;

    public Nic(Kernel kernel, PciDevice device, Iommu iommu, Pmem pmem) {
        this.kernel = kernel;
        this.device = device;
        this.iommu = iommu;
        this.pmem = pmem;
        this.ownDrain = new SimSpinLock(kernel.sim(), "dma drain (" + device.name() + ")");
    }

    public PciDevice device() {
        return device;
    }

    public String name() {
        return device.name();
    }

    /** Installs the driver's ODP page-fault handler (the RDMA layer's). */
    public void setOdpFaultHandler(OdpFaultHandler handler) {
        this.odpFaultHandler = handler;
    }

    // ------------------------------------------------------------ the driver's side

    /**
     * Programs a pinned MR over {@code [iovaStart, iovaStart + lengthBytes)} whose MTT is the
     * page-aligned bus addresses of every page of the first {@code nents} entries of a mapped
     * scatterlist ({@code sg_dma_address()} of each, as mlx5 fills its MTT from the umem). Returns
     * the key.
     */
    public int createMr(long iovaStart, long lengthBytes, ScatterList sgl, int nents) {
        List<Long> pages = new ArrayList<>();
        for (int i = 0; i < nents; i++) {
            ScatterList.Entry s = sgl.get(i);
            long first = s.dmaAddress() & Pmem.PAGE_MASK;
            long count = IommuSg.iommuNumPages(s.dmaAddress(), Integer.toUnsignedLong(s.dmaLength()), Pmem.PAGE_SIZE);
            for (long j = 0; j < count; j++) {
                pages.add(first + (j << Pmem.PAGE_SHIFT));
            }
        }
        return program(iovaStart, lengthBytes, false, pages.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Programs a pinned MR whose bus addresses are contiguous: byte {@code k} of the MR is bus
     * address {@code iovaStart + k}. Returns the key.
     */
    public int createMr(long iovaStart, long lengthBytes) {
        long first = iovaStart & Pmem.PAGE_MASK;
        int count = (int) IommuSg.iommuNumPages(iovaStart, lengthBytes, Pmem.PAGE_SIZE);
        long[] pages = new long[count];
        for (int i = 0; i < count; i++) {
            pages[i] = first + ((long) i << Pmem.PAGE_SHIFT);
        }
        return program(iovaStart, lengthBytes, false, pages);
    }

    /** Programs an ODP MR over {@code [iovaStart, iovaStart + lengthBytes)} with an empty page table. Returns the key. */
    public int createOdpMr(long iovaStart, long lengthBytes) {
        return program(iovaStart, lengthBytes, true, null);
    }

    /** Invalidates an MR (no DMA through it afterwards, in-flight ones drained). 0, or -EINVAL for an unknown key. */
    public int invalidateMr(int key) {
        return underDrain(() -> {
            MrContext mr = mrs.get(key);
            if (mr == null) {
                return Errno.EINVAL.negative();
            }
            mr.invalidate();
            kernel.emit(new NicEvent.MrInvalidated(name(), key));
            return 0;
        });
    }

    /** Invalidates and forgets an MR context. 0, or -EINVAL for an unknown key. */
    public int destroyMr(int key) {
        return underDrain(() -> {
            MrContext mr = mrs.remove(key);
            if (mr == null) {
                return Errno.EINVAL.negative();
            }
            mr.invalidate();
            kernel.emit(new NicEvent.MrDestroyed(name(), key));
            return 0;
        });
    }

    /** Moves the MR's QP back to a working state (modify QP: RESET, INIT, RTR, RTS). 0 or -EINVAL. */
    public int resetQp(int key) {
        MrContext mr = mrs.get(key);
        if (mr == null) {
            return Errno.EINVAL.negative();
        }
        if (mr.qpState() != QpState.OK) {
            mr.setQpState(QpState.OK);
            kernel.emit(new NicEvent.QpStateChanged(name(), key, QpState.OK, null));
        }
        return 0;
    }

    /**
     * The driver installs an ODP translation, MR page {@code iovaPfn} to {@code block}
     * (mlx5_ib_update_xlt). 0; -EINVAL for an unknown or non-ODP MR, a page outside the MR or a
     * block outside pmem.
     */
    public int odpInstall(int key, long iovaPfn, int block, boolean writable) {
        MrContext mr = mrs.get(key);
        if (mr == null || !mr.odp() || !pmem.contains(block) || !pageInMr(mr, iovaPfn)) {
            return Errno.EINVAL.negative();
        }
        mr.install(TranslationEntry.odp(iovaPfn, block, writable));
        kernel.emit(new NicEvent.OdpMapped(name(), key, iovaPfn, block, writable));
        return 0;
    }

    /**
     * Drops the ODP translations of the MR pages covering {@code [iova, iova + lengthBytes)}: the
     * driver's invalidation calls this, and in-flight accesses using them drain, before it
     * returns [34] [38]. Returns how many translations were dropped, or -EINVAL for an unknown MR.
     */
    public int zapOdp(int key, long iova, long lengthBytes) {
        MrContext mr = mrs.get(key);
        if (mr == null) {
            return Errno.EINVAL.negative();
        }
        if (lengthBytes <= 0) {
            return 0;
        }
        long firstPfn = iova >>> Pmem.PAGE_SHIFT;
        long lastPfn = (iova + lengthBytes - 1) >>> Pmem.PAGE_SHIFT;
        return underDrain(() -> {
            int dropped = mr.zap(firstPfn, lastPfn);
            kernel.emit(new NicEvent.OdpZapped(name(), key, firstPfn, lastPfn - firstPfn + 1, dropped));
            return dropped;
        });
    }

    /** Runs an MR state change under the drain lock: a DMA checked against the old state lands before it. */
    private int underDrain(java.util.function.IntSupplier change) {
        SimSpinLock drain = drainLock();
        drain.lock();
        try {
            return change.getAsInt();
        } finally {
            drain.unlock();
        }
    }

    // ------------------------------------------------------------ the device's side

    /** The device writes {@code version} at {@code offsetBytes} of MR {@code mrKey} (an RDMA WRITE landing). */
    public DmaResult dmaWrite(int mrKey, long offsetBytes, long version) {
        return access(mrKey, offsetBytes, true, version);
    }

    /** The device reads at {@code offsetBytes} of MR {@code mrKey} (an RDMA READ); the result carries the version read. */
    public DmaResult dmaRead(int mrKey, long offsetBytes) {
        return access(mrKey, offsetBytes, false, 0);
    }

    /** The MR context for {@code key}, or null. */
    public MrContext mr(int key) {
        return mrs.get(key);
    }

    /** Every MR context, by key. */
    public List<MrContext> mrs() {
        return new ArrayList<>(mrs.values());
    }

    // ------------------------------------------------------------ internals

    private int program(long iovaStart, long lengthBytes, boolean odp, long[] pages) {
        int key = nextKey++;
        mrs.put(key, new MrContext(key, iovaStart, lengthBytes, odp, pages));
        kernel.emit(new NicEvent.MrProgrammed(name(), key, iovaStart, lengthBytes, odp));
        return key;
    }

    private DmaResult access(int mrKey, long offsetBytes, boolean write, long version) {
        Resolution resolution = resolve(mrKey, offsetBytes, write);
        if (resolution.failure() != null) {
            return resolution.failure();
        }
        kernel.racy(IN_FLIGHT);
        DmaResult landed = landIfCurrent(resolution.target(), write, version);
        if (landed != null) {
            return landed;
        }
        kernel.probes().hit("DMA translation dropped in flight");
        resolution = resolve(mrKey, offsetBytes, write);
        if (resolution.failure() != null) {
            return resolution.failure();
        }
        SimSpinLock drain = drainLock();
        drain.lock();
        try {
            return land(resolution.target(), write, version);
        } finally {
            drain.unlock();
        }
    }

    /**
     * Lands the access if its translation is still current, the check and the landing under the
     * IOMMU domain's drain lock, so that no invalidation completes between them (an invalidation
     * drains the DMA translated before it: {@link IommuDomain#drainLock()}); null if the translation
     * was dropped in flight. Without the lock, the real-thread stress mode saw a revocation run
     * between the check and the landing (DMA_AFTER_REVOKE in 26 of 6866 runs).
     */
    private DmaResult landIfCurrent(Target target, boolean write, long version) {
        SimSpinLock drain = drainLock();
        drain.lock();
        try {
            return target.isCurrent() ? land(target, write, version) : null;
        } finally {
            drain.unlock();
        }
    }

    /** The drain lock of this device's IOMMU domain, or the device's own when it has none (no IOMMU). */
    private SimSpinLock drainLock() {
        IommuDomain domain = iommu.iommuGetDomainForDev(device);
        return domain == null ? ownDrain : domain.drainLock();
    }

    private DmaResult land(Target target, boolean write, long version) {
        long landedVersion = version;
        if (write) {
            pmem.dmaWrite(target.block(), version);
        } else {
            landedVersion = pmem.dmaRead(target.block());
        }
        kernel.emit(new NicEvent.DmaLanded(name(), target.mr().key(), target.iova(), target.block(), write, landedVersion));
        return new DmaResult.Landed(target.iova(), target.block(), landedVersion);
    }

    private Resolution resolve(int mrKey, long offsetBytes, boolean write) {
        MrContext mr = mrs.get(mrKey);
        if (mr == null || !mr.valid()) {
            return failed(mrKey, -1, write, DmaFaultReason.MR_INVALID, new DmaResult.MrInvalid(mrKey));
        }
        if (mr.qpState() == QpState.ERROR) {
            return failed(mrKey, -1, write, DmaFaultReason.QP_ERROR, new DmaResult.QpError(mrKey));
        }
        if (!mr.contains(offsetBytes)) {
            errorQp(mr, DmaFaultReason.OUT_OF_RANGE);
            return failed(mrKey, -1, write, DmaFaultReason.OUT_OF_RANGE, new DmaResult.OutOfRange(offsetBytes));
        }
        return mr.odp() ? resolveOdp(mr, offsetBytes, write) : resolvePinned(mr, offsetBytes, write);
    }

    private Resolution resolvePinned(MrContext mr, long offsetBytes, boolean write) {
        long busAddress = mr.busAddressAt(offsetBytes);
        Translation translation = iommu.translate(device, busAddress, write);
        if (translation instanceof Translation.Mapped mapped) {
            return new Resolution(new Target(mr, busAddress, mapped.block(), mapped, null), null);
        }
        FaultReason reason = ((Translation.Fault) translation).reason();
        DmaFaultReason why = switch (reason) {
            case NOT_PRESENT -> DmaFaultReason.IOMMU_NOT_PRESENT;
            case PERMISSION -> DmaFaultReason.IOMMU_PERMISSION;
            case NO_MEMORY -> DmaFaultReason.NO_MEMORY;
        };
        errorQp(mr, why);
        return failed(mr.key(), busAddress, write, why, new DmaResult.IommuFault(busAddress, reason));
    }

    /**
     * An ODP access: the NIC's page table, or a page fault to the driver's handler (which may
     * sleep) and a retry, up to {@link #MAX_ODP_FAULTS} faults. The MR may have been invalidated or
     * its QP failed while the handler slept.
     */
    private Resolution resolveOdp(MrContext mr, long offsetBytes, boolean write) {
        long iova = mr.iovaStart() + offsetBytes;
        long pfn = iova >>> Pmem.PAGE_SHIFT;
        for (int faults = 0; ; faults++) {
            TranslationEntry entry = mr.odpEntry(pfn);
            if (entry != null && (entry.writable() || !write)) {
                return new Resolution(new Target(mr, iova, entry.block(), null, entry), null);
            }
            if (faults == MAX_ODP_FAULTS) {
                kernel.probes().hit("ODP fault unresolved after retries");
                return odpFailed(mr, iova, write, Errno.EAGAIN);
            }
            kernel.probes().hit("ODP page fault");
            int rc = odpFaultHandler == null ? Errno.EFAULT.negative()
                    : odpFaultHandler.handleOdpFault(this, mr, pfn, write);
            if (rc < 0) {
                return odpFailed(mr, iova, write, Errno.fromNegative(rc));
            }
            if (!mr.valid()) {
                return failed(mr.key(), iova, write, DmaFaultReason.MR_INVALID, new DmaResult.MrInvalid(mr.key()));
            }
            if (mr.qpState() == QpState.ERROR) {
                return failed(mr.key(), iova, write, DmaFaultReason.QP_ERROR, new DmaResult.QpError(mr.key()));
            }
        }
    }

    private Resolution odpFailed(MrContext mr, long iova, boolean write, Errno errno) {
        errorQp(mr, DmaFaultReason.ODP_UNRESOLVED);
        return failed(mr.key(), iova, write, DmaFaultReason.ODP_UNRESOLVED, new DmaResult.OdpFault(iova, errno));
    }

    private Resolution failed(int mrKey, long iova, boolean write, DmaFaultReason reason, DmaResult result) {
        kernel.emit(new NicEvent.DmaFaulted(name(), mrKey, iova, write, reason));
        return new Resolution(null, result);
    }

    private void errorQp(MrContext mr, DmaFaultReason reason) {
        if (mr.qpState() == QpState.OK) {
            mr.setQpState(QpState.ERROR);
            kernel.probes().hit("QP to error");
            kernel.emit(new NicEvent.QpStateChanged(name(), mr.key(), QpState.ERROR, reason));
        }
    }

    private static boolean pageInMr(MrContext mr, long iovaPfn) {
        long firstPfn = mr.iovaStart() >>> Pmem.PAGE_SHIFT;
        long lastPfn = (mr.iovaStart() + Math.max(mr.lengthBytes(), 1) - 1) >>> Pmem.PAGE_SHIFT;
        return iovaPfn >= firstPfn && iovaPfn <= lastPfn;
    }
}
