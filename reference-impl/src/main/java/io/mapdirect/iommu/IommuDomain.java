package io.mapdirect.iommu;

import io.mapdirect.hw.Pmem;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.TestFault;
import io.mapdirect.sim.SimSpinLock;
import io.mapdirect.sim.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An IOMMU domain ({@code struct iommu_domain}). An IDENTITY domain translates every DMA address
 * to the same physical address and has nothing to map or revoke [19] [28]. A DMA domain has an
 * {@link IovaAllocator}, a page table, an IOTLB and a flush queue; {@link #isLazy()} says whether
 * the DMA API's unmaps use the flush queue. Addresses and sizes are in bytes, pfns in pages.
 *
 * <p>IOMMU API calls never sleep (the kernel holds spinlocks); the one yield point, inside
 * {@link #iommuUnmap}, lets the device translate between the PTE clear and the IOTLB
 * invalidation, which it can on real hardware.
 */
public final class IommuDomain {
    /** Domain kinds ({@code IOMMU_DOMAIN_IDENTITY}, {@code IOMMU_DOMAIN_DMA}). */
    public enum Type { IDENTITY, DMA }

    /** 48-bit IOVA space (4-level page table): the highest IOVA pfn of a DMA domain. */
    public static final long DOMAIN_MAX_PFN = (1L << (48 - Pmem.PAGE_SHIFT)) - 1;
    /** {@code DMA_BIT_MASK(32) >> PAGE_SHIFT}: intel_alloc_iova() tries below 4 GiB first. */
    public static final long DMA_32BIT_PFN = 0xFFFF_FFFFL >>> Pmem.PAGE_SHIFT;

    private static final Site UNMAP_BEFORE_FLUSH = Site.of("iommu_unmap: PTEs cleared, IOTLB not yet flushed");

    private final Kernel kernel;
    private final int id;
    private final Type type;
    private final boolean lazy;
    private final boolean iommuApiOps;
    private final IovaAllocator iovad;
    private final IoPageTable pageTable;
    private final Iotlb iotlb = new Iotlb();
    private final FlushQueue flushQueue;
    private final List<IovaRange> gathered = new ArrayList<>();

    private final SimSpinLock drain;

    IommuDomain(Kernel kernel, int id, Type type, boolean lazy, boolean iommuApiOps) {
        this.kernel = kernel;
        this.id = id;
        this.type = type;
        this.lazy = lazy;
        this.iommuApiOps = iommuApiOps;
        this.iovad = new IovaAllocator(kernel, id);
        this.pageTable = new IoPageTable(kernel);
        this.flushQueue = new FlushQueue(kernel, this);
        this.drain = new SimSpinLock(kernel.sim(), "iotlb drain (domain " + id + ")");
    }

    public int id() {
        return id;
    }

    public Type type() {
        return type;
    }

    public boolean isIdentity() {
        return type == Type.IDENTITY;
    }

    /**
     * Whether this domain is an IOMMU-API domain, one that {@code iommu_domain_alloc()} made, with
     * {@code domain->ops} and {@code domain->pgsize_bitmap} set: amd-iommu's default domains are.
     * In 4.14 intel-iommu's DMA-API domains are not: {@code get_domain_for_dev()} allocates the
     * {@code dmar_domain} itself ({@code alloc_domain(0)}), and {@code intel_iommu_domain_alloc()}
     * makes only {@code IOMMU_DOMAIN_UNMANAGED} ones, so the {@code struct iommu_domain} embedded in a
     * DMA-API domain is all zeroes. The model's own IOMMU-API calls work on every domain; only a call
     * the series makes through the IOMMU API on a DMA-API domain asks ({@code SgRevocation}).
     */
    public boolean hasIommuApiOps() {
        return iommuApiOps;
    }

    /** Whether the DMA API defers IOTLB invalidation for this domain (lazy mode) [28]. */
    public boolean isLazy() {
        return lazy;
    }

    /** The IOVA allocator ({@code cookie->iovad}). */
    public IovaAllocator iovad() {
        return iovad;
    }

    // ------------------------------------------------------------ IOVA

    /**
     * Mirrors {@code intel_alloc_iova()}: {@code pages} IOVA pages under the device's DMA mask
     * (and the domain's 48-bit aperture), below 4 GiB if possible. Returns the start pfn or -1.
     *
     * @kernel drivers/iommu/intel-iommu.c intel_alloc_iova()
     * @kernel drivers/iommu/amd_iommu.c dma_ops_alloc_iova()
     * @departure bookkeeping no __roundup_pow_of_two(pages): see DmaMapping#dmaMapSg
     */
    public long allocIova(long pages, long dmaMask) {
        long limitPfn = Math.min(dmaMask >>> Pmem.PAGE_SHIFT, DOMAIN_MAX_PFN);
        return iovad.alloc(pages, Math.min(limitPfn, DMA_32BIT_PFN), limitPfn);
    }

    /**
     * Mirrors {@code free_iova_fast()}.
     *
     * @kernel drivers/iommu/iova.c free_iova_fast()
     */
    public void freeIova(long startPfn, long pages) {
        iovad.free(startPfn, pages);
    }

    // ------------------------------------------------------------ IOMMU API

    /**
     * Mirrors {@code iommu_map()}: maps {@code sizeBytes} at {@code iova} to the physically
     * contiguous blocks starting at {@code block}. Returns 0; -EINVAL for an identity domain or an
     * unaligned or empty range; -EBUSY if a PTE is present; -ENOMEM if a page-table page cannot be
     * allocated. On failure what this call mapped is unmapped again, as the kernel does.
     *
     * @kernel drivers/iommu/iommu.c iommu_map()
     */
    public int iommuMap(long iova, int block, long sizeBytes, int prot) {
        if (isIdentity() || !aligned(iova, sizeBytes) || sizeBytes <= 0) {
            return Errno.EINVAL.negative();
        }
        long startPfn = iova >>> Pmem.PAGE_SHIFT;
        long pages = sizeBytes >>> Pmem.PAGE_SHIFT;
        for (long i = 0; i < pages; i++) {
            int rc = pageTable.map(startPfn + i, block + (int) i, prot);
            if (rc != 0) {
                if (i > 0) {
                    clearPtes(new IovaRange(startPfn, i));
                    invalidateIotlb(new IovaRange(startPfn, i), IommuEvent.InvalidateCause.MAP_UNWIND);
                }
                return rc;
            }
            kernel.emit(new IommuEvent.PteMapped(id, startPfn + i, block + (int) i, prot));
        }
        return 0;
    }

    /**
     * Mirrors {@code iommu_unmap()}: clears every present PTE in the range and invalidates the
     * IOTLB for it before returning [31]. Returns the bytes of PTEs cleared; 0 for an identity
     * domain; {@code -EINVAL} (as the kernel's {@code size_t}) for an unaligned iova or size, after
     * a log line, clearing nothing.
     *
     * @kernel drivers/iommu/iommu.c iommu_unmap() [22] [31]
     * @departure bookkeeping returns the bytes of PTEs cleared where the kernel returns the bytes walked
     *     (both drivers count a page that was not mapped); no caller reads the number
     */
    public long iommuUnmap(long iova, long sizeBytes) {
        long refused = refuseUnmap(iova, sizeBytes);
        if (refused != ACCEPTED) {
            return refused;
        }
        IovaRange range = pfnRange(iova, sizeBytes);
        long cleared = clearPtes(range);
        kernel.racy(UNMAP_BEFORE_FLUSH);
        if (!kernel.testFault(TestFault.IOMMU_UNMAP_SKIPS_IOTLB)) {
            invalidateIotlb(range, IommuEvent.InvalidateCause.UNMAP);
        }
        return cleared;
    }

    /**
     * Mirrors {@code iommu_unmap_fast()}: clears the PTEs but leaves the IOTLB as it is until
     * {@link #iommuIotlbSync()} or a flush-queue drain; stale entries keep translating [28].
     *
     * @kernel drivers/iommu/iommu.c iommu_unmap_fast() [31]
     */
    public long iommuUnmapFast(long iova, long sizeBytes) {
        long refused = refuseUnmap(iova, sizeBytes);
        if (refused != ACCEPTED) {
            return refused;
        }
        IovaRange range = pfnRange(iova, sizeBytes);
        long cleared = clearPtes(range);
        gathered.add(range);
        return cleared;
    }

    /**
     * Mirrors {@code iommu_tlb_sync()}: invalidates the IOTLB for every range unmapped fast since
     * the last sync and not handed over to the flush queue.
     *
     * @kernel include/linux/iommu.h iommu_tlb_sync()
     */
    public void iommuIotlbSync() {
        List<IovaRange> ranges = List.copyOf(gathered);
        gathered.clear();
        for (IovaRange range : ranges) {
            invalidateIotlb(range, IommuEvent.InvalidateCause.SYNC);
        }
    }

    /**
     * Mirrors {@code iommu_flush_tlb_all()}: drops every IOTLB entry of the domain.
     *
     * @kernel include/linux/iommu.h iommu_flush_tlb_all()
     */
    public void iommuFlushIotlbAll() {
        gathered.clear();
        drain.lock();
        try {
            int dropped = iotlb.invalidateAll();
            kernel.emit(new IommuEvent.IotlbInvalidated(id, IovaAllocator.IOVA_START_PFN, DOMAIN_MAX_PFN, dropped,
                    IommuEvent.InvalidateCause.FLUSH_ALL));
        } finally {
            drain.unlock();
        }
    }

    /**
     * The IOTLB invalidation's drain: an invalidation completes only after the DMA the domain
     * translated before it has landed (VT-d's drain-read/drain-write invalidation, the IOMMU-side
     * guarantee {@code iommu_iotlb_sync()} relies on [28]). A device holds it from checking that
     * its translation is still current to landing ({@code Nic}); every IOTLB invalidation holds
     * it. Free in the deterministic mode, where a DMA's check and landing never yield.
     */
    public SimSpinLock drainLock() {
        return drain;
    }

    /**
     * Retargets every present PTE of the range to {@code scratchBlock} in place, then invalidates
     * the IOTLB for the range before returning, so the device keeps translating (no fault) but
     * reaches only the scratch block: the REMAP variant's break action [43]. The seed has no code
     * for it; this is the in-place PTE rewrite a kernel engineer would write. Returns the bytes
     * retargeted, 0 for an identity domain, -EINVAL for an unaligned range.
     */
    public long iommuRemap(long iova, long sizeBytes, int scratchBlock, int prot) {
        long refused = refuseUnmap(iova, sizeBytes);
        if (refused != ACCEPTED) {
            return refused;
        }
        IovaRange range = pfnRange(iova, sizeBytes);
        long retargeted = 0;
        for (Map.Entry<Long, Pte> present : pageTable.present(range.startPfn(), range.pages())) {
            long pfn = present.getKey();
            int oldBlock = present.getValue().block();
            pageTable.replace(pfn, scratchBlock, prot);
            kernel.emit(new IommuEvent.PteUnmapped(id, pfn, oldBlock));
            kernel.emit(new IommuEvent.PteMapped(id, pfn, scratchBlock, prot));
            retargeted += Pmem.PAGE_SIZE;
        }
        invalidateIotlb(range, IommuEvent.InvalidateCause.REMAP);
        return retargeted;
    }

    // ------------------------------------------------------------ flush queue

    /**
     * Mirrors {@code queue_iova()}: defers the IOTLB invalidation of the range to the flush queue
     * and, if {@code freeIova}, the IOVA free too (the kernel frees a lazily unmapped IOVA only
     * after the flush). A range gathered by {@link #iommuUnmapFast} is handed over to the queue
     * instead of being synced ({@code gather->queued} in the kernel), so a later
     * {@link #iommuIotlbSync()} does not flush it early. Works on any DMA domain; the DMA API uses
     * it only when {@link #isLazy()}.
     *
     * @kernel drivers/iommu/iova.c queue_iova() [28]
     */
    public void queueFlush(long startPfn, long pages, boolean freeIova) {
        IovaRange range = new IovaRange(startPfn, pages);
        gathered.remove(range);
        flushQueue.add(range, freeIova);
    }

    /** Drains the flush queue now (domain teardown, an explicit flush). */
    public void drainFlushQueue() {
        flushQueue.drain(IommuEvent.DrainCause.EXPLICIT);
    }

    /** Ranges waiting in the flush queue. */
    public int flushQueueDepth() {
        return flushQueue.depth();
    }

    /** Deadline of the armed flush-queue timer, or -1. */
    public long flushTimerDeadlineNs() {
        return flushQueue.timerDeadlineNs();
    }

    // ------------------------------------------------------------ the device side

    /**
     * The device's DMA to {@code iova}: the IOTLB first (a live entry translates even when the
     * page table no longer agrees: a stale hit [28]), then the page table, filling the IOTLB;
     * nothing there is an IOMMU fault, logged. An identity domain translates to the same address.
     * Whether the block exists is the caller's check ({@link Iommu#translate}).
     */
    public Translation translate(long iova, boolean write) {
        long pfn = iova >>> Pmem.PAGE_SHIFT;
        if (isIdentity()) {
            return pfn > Integer.MAX_VALUE ? new Translation.Fault(FaultReason.NO_MEMORY)
                    : new Translation.Mapped((int) pfn, null, false);
        }
        TranslationEntry cached = iotlb.lookup(pfn);
        if (cached != null) {
            return fromIotlb(cached, write);
        }
        Pte pte = pageTable.get(pfn);
        if (pte == null) {
            return fault(pfn, write, FaultReason.NOT_PRESENT);
        }
        if (!IommuProt.allows(pte.prot(), write)) {
            return fault(pfn, write, FaultReason.PERMISSION);
        }
        TranslationEntry filled = TranslationEntry.iotlb(pfn, pte.block(), pte.prot());
        iotlb.fill(filled);
        kernel.emit(new IommuEvent.IotlbFilled(id, pfn, pte.block(), pte.prot()));
        return new Translation.Mapped(pte.block(), filled, false);
    }

    private Translation fromIotlb(TranslationEntry cached, boolean write) {
        Pte pte = pageTable.get(cached.iovaPfn());
        boolean stale = pte == null || pte.block() != cached.block() || pte.prot() != cached.prot();
        if (!IommuProt.allows(cached.prot(), write)) {
            return fault(cached.iovaPfn(), write, FaultReason.PERMISSION);
        }
        if (stale) {
            kernel.probes().hit("stale IOTLB hit");
        }
        return new Translation.Mapped(cached.block(), cached, stale);
    }

    private Translation fault(long pfn, boolean write, FaultReason reason) {
        kernel.probes().hit("IOMMU fault");
        kernel.emit(new IommuEvent.IommuFaulted(id, pfn, write, reason));
        return new Translation.Fault(reason);
    }

    // ------------------------------------------------------------ queries for checkers

    /** The PTE for {@code pfn}, or null. */
    public Pte pte(long pfn) {
        return pageTable.get(pfn);
    }

    /** The live IOTLB entry for {@code pfn}, or null. */
    public TranslationEntry iotlbEntry(long pfn) {
        return iotlb.lookup(pfn);
    }

    /** Every live IOTLB entry, by pfn. */
    public List<TranslationEntry> iotlbEntries() {
        return iotlb.entries();
    }

    /** Number of present PTEs. */
    public int mappedPages() {
        return pageTable.size();
    }

    @Override
    public String toString() {
        return "domain " + id + " (" + (isIdentity() ? "identity" : lazy ? "dma lazy" : "dma strict") + ")";
    }

    // ------------------------------------------------------------ internals

    void invalidateIotlb(IovaRange range, IommuEvent.InvalidateCause cause) {
        drain.lock();
        try {
            int dropped = iotlb.invalidate(range.startPfn(), range.pages());
            kernel.emit(new IommuEvent.IotlbInvalidated(id, range.startPfn(), range.pages(), dropped, cause));
        } finally {
            drain.unlock();
        }
    }

    private long clearPtes(IovaRange range) {
        long cleared = 0;
        for (Map.Entry<Long, Pte> present : pageTable.present(range.startPfn(), range.pages())) {
            pageTable.clear(present.getKey());
            kernel.emit(new IommuEvent.PteUnmapped(id, present.getKey(), present.getValue().block()));
            cleared += Pmem.PAGE_SIZE;
        }
        return cleared;
    }

    /** {@link #refuseUnmap} result for a range that can be unmapped. */
    private static final long ACCEPTED = 1;

    /**
     * {@link #ACCEPTED}, or what an unmap of the range returns without touching anything: 0 for an
     * identity domain or an empty range, -EINVAL for an unaligned one (logged, as
     * {@code __iommu_unmap()} does with "unaligned: iova ... size ... min_pagesz ...").
     */
    private long refuseUnmap(long iova, long sizeBytes) {
        if (isIdentity() || sizeBytes == 0) {
            return 0;
        }
        if (!aligned(iova, sizeBytes) || sizeBytes < 0) {
            kernel.printk("iommu: unaligned: iova 0x" + Long.toHexString(iova) + " size 0x" + Long.toHexString(sizeBytes)
                    + " min_pagesz 0x1000");
            return Errno.EINVAL.negative();
        }
        return ACCEPTED;
    }

    private static IovaRange pfnRange(long iova, long sizeBytes) {
        return new IovaRange(iova >>> Pmem.PAGE_SHIFT, sizeBytes >>> Pmem.PAGE_SHIFT);
    }

    private static boolean aligned(long iova, long sizeBytes) {
        return ((iova | sizeBytes) & (Pmem.PAGE_SIZE - 1)) == 0;
    }
}
