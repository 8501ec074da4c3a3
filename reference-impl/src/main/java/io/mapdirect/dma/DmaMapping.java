package io.mapdirect.dma;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.ScatterList;
import io.mapdirect.iommu.Iommu;
import io.mapdirect.iommu.IommuDomain;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.iommu.IommuSg;
import io.mapdirect.iommu.IommuVendor;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Oops;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.TestFault;
import java.util.ArrayList;
import java.util.List;

/**
 * The DMA-mapping API of one kernel (include/linux/dma-mapping.h with the x86 IOMMU drivers'
 * {@code dma_map_ops} behind it). Without an IOMMU or in an identity domain a DMA address is the
 * physical address and unmapping revokes nothing; through a DMA domain {@code dma_map_sg()}
 * allocates one IOVA range and maps every page, and {@code dma_unmap_sg()} unmaps it and frees
 * the range, at once (strict) or after a flush-queue drain (lazy) [28].
 *
 * <p>The series' helpers ({@code dma_has_iommu()} [07], {@code dma_get_iommu_domain()} [20]) are
 * answered by the IOMMU's vendor ({@link IommuVendor}): each vendor's posted implementation is
 * modelled, since amd-iommu and intel-iommu test different things and the known bug
 * IDENTITY_HAS_IOMMU sits in amd-iommu's line only. The default vendor is AMD, because the
 * scatterlist mapping here is amd-iommu's {@code map_sg()}/{@code unmap_sg()}, whose layout helper
 * {@code sg_num_pages()} is the one [21] up-levels and v8's break [22] recomputes its range with;
 * a world picks Intel with {@code iommu_vendor=intel}.
 *
 * @kernel drivers/iommu/amd_iommu.c amd_iommu_dma_ops [07] [20]
 * @kernel drivers/iommu/intel-iommu.c intel_dma_ops [07] [20]
 * @kernel include/linux/dma-mapping.h dma_map_ops.has_iommu() [07]
 * @kernel include/linux/dma-mapping.h dma_map_ops.get_iommu() [20]
 * @departure bookkeeping the ops tables are not objects: the world's IOMMU vendor picks which
 *     posted implementation dma_has_iommu() and dma_get_iommu_domain() run
 */
public final class DmaMapping {
    private final Kernel kernel;
    private final Iommu iommu;
    private final SgRevocation revocation;

    public DmaMapping(Kernel kernel, Iommu iommu) {
        this.kernel = kernel;
        this.iommu = iommu;
        this.revocation = new SgRevocation(kernel);
    }

    public Iommu iommu() {
        return iommu;
    }

    /** The IOMMU-API revocation helpers the RDMA break paths use. */
    public SgRevocation revocation() {
        return revocation;
    }

    /**
     * Mirrors {@code dma_has_iommu()} [07]: whether DMA for the device is translated by a domain
     * whose unmap revokes access, asked of the device's {@code dma_map_ops}:
     * <pre>
     * const struct dma_map_ops *ops = get_dma_ops(dev);
     * if (ops &amp;&amp; ops-&gt;has_iommu)
     *         return ops-&gt;has_iommu(dev);
     * return false;
     * </pre>
     * Without an IOMMU the device's ops are x86's {@code nommu}/{@code swiotlb} ops, which have no
     * {@code has_iommu}: false. Otherwise the vendor's implementation answers,
     * {@link #amdDmaHasIommu} or {@link #intelDmaHasIommu}: the two are modelled each as posted
     * (rather than one rule for both) because they test different things, and the known bug
     * IDENTITY_HAS_IOMMU lives in amd-iommu's line only.
     *
     * @kernel drivers/base/dma-mapping.c dma_has_iommu() [07]
     */
    public boolean dmaHasIommu(PciDevice dev) {
        IommuMode mode = iommu.mode(dev);
        if (mode == IommuMode.NONE) {
            return false;
        }
        return iommu.vendor() == IommuVendor.AMD ? amdDmaHasIommu(mode) : intelDmaHasIommu(mode);
    }

    /**
     * Mirrors amd-iommu's {@code amd_dma_has_iommu()} [07]: {@code return !IS_ERR(get_domain(dev));}.
     * A device in a DMA domain has {@code amd_iommu_dma_ops} and a DMA-ops protection domain: true.
     * An identity-mapped (passthrough) device: false in 4.14, twice over ({@code amd_iommu_add_device()}
     * gives {@code amd_iommu_dma_ops} only to devices whose default domain is not identity, so its
     * {@code has_iommu} is never asked; and {@code get_domain()} returns {@code ERR_PTR(-EBUSY)} for a
     * domain that is not a DMA-ops domain). The fault IDENTITY_HAS_IOMMU reads
     * {@code get_domain()} as succeeding for the passthrough domain [19] and puts that answer here.
     *
     * @kernel drivers/iommu/amd_iommu.c amd_dma_has_iommu() [07]
     * @departure fault IDENTITY_HAS_IOMMU
     */
    private boolean amdDmaHasIommu(IommuMode mode) {
        if (mode == IommuMode.IDENTITY) {
            if (kernel.bug(KnownBug.IDENTITY_HAS_IOMMU)) {
                // [07] amd_dma_has_iommu(): "return !IS_ERR(get_domain(dev));" read as get_domain()
                // returning the passthrough device's (identity) domain: v7 reports it as protected.
                return true;
            } else {
                return false;
            }
        }
        return mode.translates();
    }

    /**
     * Mirrors intel-iommu's {@code intel_dma_has_iommu()} [07]: {@code return !iommu_no_mapping(dev);}.
     * {@code iommu_no_mapping()} is 1 for an identity-mapped device (in {@code si_domain}) and 0 for
     * one in a DMA domain. No known bug has a place here: this line says no for a passthrough device
     * whatever the fault plan.
     *
     * @kernel drivers/iommu/intel-iommu.c intel_dma_has_iommu() [07]
     */
    private static boolean intelDmaHasIommu(IommuMode mode) {
        return mode.translates();
    }

    /**
     * Mirrors {@code dma_get_iommu_domain()} [20]: the DMA domain that {@code dma_map_*} results can
     * be passed to {@code iommu_unmap()} in ({@code ops->get_iommu(dev)}), or null for a device
     * without an IOMMU (no {@code get_iommu} op) and for an identity-mapped one: amd-iommu's
     * {@code amd_dma_get_iommu()} returns NULL when {@code get_domain(dev)} is an error, intel-iommu's
     * {@code intel_dma_get_iommu()} {@code if (iommu_no_mapping(dev)) return NULL;} and then
     * {@code get_valid_domain_for_dev(dev)}. For the devices the model has both vendors answer alike.
     *
     * @kernel drivers/base/dma-mapping.c dma_get_iommu_domain() [20]
     * @kernel drivers/iommu/amd_iommu.c amd_dma_get_iommu() [20]
     * @kernel drivers/iommu/intel-iommu.c intel_dma_get_iommu() [20]
     * @departure bookkeeping every device's domain exists from boot, where intel-iommu allocates a
     *     device's DMA domain at its first use (get_valid_domain_for_dev(), GFP_ATOMIC) and could
     *     return NULL for want of memory: no case injects that allocation's failure
     */
    public IommuDomain dmaGetIommuDomain(PciDevice dev) {
        return translatingDomain(dev);
    }

    /** The domain the device's {@code dma_map_ops} map through, or null (DMA address = physical). */
    private IommuDomain translatingDomain(PciDevice dev) {
        return iommu.mode(dev).translates() ? iommu.iommuGetDomainForDev(dev) : null;
    }

    /**
     * Mirrors {@code dma_map_sg()} (amd-iommu's {@code map_sg()}, whose page counting [21] made
     * generic). Returns the number of entries mapped, {@code nents}, or 0 on failure (IOVA space
     * exhausted, the fault plan failing the {@code "iova"} or {@code "iommu pgtable"} allocation)
     * with everything undone. Each entry's {@code dma_address} becomes its bus address.
     *
     * @kernel include/linux/dma-mapping.h dma_map_sg_attrs()
     * @kernel drivers/iommu/amd_iommu.c map_sg() [21]
     * @departure bookkeeping no power-of-two rounding of the IOVA range (dma_ops_alloc_iova() and
     *     intel_alloc_iova() allocate __roundup_pow_of_two(pages)): the padding pages are never mapped, so no
     *     DMA can reach anything through them; only which addresses later ranges get differs, and the
     *     allocator makes reuse likely on purpose anyway. On an Intel IOMMU the range is laid out as amd-iommu
     *     lays it out: intel_map_sg() packs the entries without the segment-boundary padding, and the two
     *     layouts agree unless one sg list crosses the device's segment boundary, which the worlds' devices
     *     (4 GiB boundary) never reach
     */
    public int dmaMapSg(PciDevice dev, ScatterList sgl, int nents, DmaDirection dir) {
        Oops.bugOn(nents > sgl.size(), "dma_map_sg", "nents " + nents + " > " + sgl.size() + " entries");
        if (nents <= 0) {
            return 0;
        }
        IommuDomain domain = translatingDomain(dev);
        if (domain == null) {
            return mapPhysical(dev, sgl, nents);
        }
        return mapThroughDomain(domain, dev, sgl, nents, dir);
    }

    /**
     * Mirrors {@code dma_unmap_sg()} (amd-iommu's {@code unmap_sg()}): the range starts at
     * {@code sg_dma_address(sglist) & PAGE_MASK} and is {@code iommu_sg_num_pages()} long (which,
     * as in the kernel, rewrites every entry's {@code dma_address} to its page offset). Strict:
     * {@code iommu_unmap()} then the IOVA free. Lazy: {@code iommu_unmap_fast()} then the range on
     * the flush queue, which frees the IOVA when it drains. Identity or no IOMMU: nothing to undo.
     *
     * @kernel include/linux/dma-mapping.h dma_unmap_sg_attrs()
     * @kernel drivers/iommu/amd_iommu.c unmap_sg() [21]
     * @kernel drivers/iommu/amd_iommu.c __unmap_single()
     * @departure bookkeeping a strict unmap invalidates the IOTLB for the range where amd-iommu's
     *     domain_flush_tlb() drops the whole domain's entries: the others belong to live mappings and refill
     *     with the same translation on the next walk
     */
    public void dmaUnmapSg(PciDevice dev, ScatterList sgl, int nents, DmaDirection dir) {
        Oops.bugOn(nents > sgl.size(), "dma_unmap_sg", "nents " + nents + " > " + sgl.size() + " entries");
        if (nents <= 0) {
            return;
        }
        IommuDomain domain = translatingDomain(dev);
        if (domain == null) {
            kernel.emit(new DmaEvent.SgUnmapped(dev.name(), sgl.get(0).dmaAddress() & Pmem.PAGE_MASK,
                    spannedPages(sgl, nents), false, false));
            return;
        }
        long startAddress = sgl.get(0).dmaAddress() & Pmem.PAGE_MASK;
        int npages = IommuSg.iommuSgNumPages(dev, sgl, nents);
        long startPfn = startAddress >>> Pmem.PAGE_SHIFT;
        long sizeBytes = (long) npages << Pmem.PAGE_SHIFT;
        if (domain.isLazy()) {
            domain.iommuUnmapFast(startAddress, sizeBytes);
            if (kernel.testFault(TestFault.LAZY_UNMAP_FREES_IOVA_EARLY)) {
                domain.freeIova(startPfn, npages);
                domain.queueFlush(startPfn, npages, false);
            } else {
                domain.queueFlush(startPfn, npages, true);
            }
        } else {
            domain.iommuUnmap(startAddress, sizeBytes);
            domain.freeIova(startPfn, npages);
        }
        kernel.emit(new DmaEvent.SgUnmapped(dev.name(), startAddress, npages, domain.isLazy(), true));
    }

    private int mapPhysical(PciDevice dev, ScatterList sgl, int nents) {
        for (int i = 0; i < nents; i++) {
            ScatterList.Entry s = sgl.get(i);
            s.setDmaAddress(s.physAddress());
            s.setDmaLength(s.length());
        }
        kernel.emit(new DmaEvent.SgMapped(dev.name(), sgl.get(0).dmaAddress() & Pmem.PAGE_MASK,
                spannedPages(sgl, nents), nents, false));
        return nents;
    }

    private int mapThroughDomain(IommuDomain domain, PciDevice dev, ScatterList sgl, int nents, DmaDirection dir) {
        int npages = IommuSg.iommuSgNumPages(dev, sgl, nents);
        long startPfn = domain.allocIova(npages, dev.dmaMask());
        if (startPfn < 0) {
            kernel.emit(new DmaEvent.SgMapFailed(dev.name(), nents, "no IOVA range of " + npages + " pages"));
            return 0;
        }
        long address = startPfn << Pmem.PAGE_SHIFT;
        List<Long> mapped = new ArrayList<>();
        for (int i = 0; i < nents; i++) {
            ScatterList.Entry s = sgl.get(i);
            long pages = IommuSg.iommuNumPages(s.physAddress(), Integer.toUnsignedLong(s.length()), Pmem.PAGE_SIZE);
            for (long j = 0; j < pages; j++) {
                long busAddress = address + s.dmaAddress() + (j << Pmem.PAGE_SHIFT);
                int rc = domain.iommuMap(busAddress, s.block() + (int) j, Pmem.PAGE_SIZE, dir.prot());
                if (rc != 0) {
                    unwind(domain, mapped);
                    domain.freeIova(startPfn, npages);
                    kernel.emit(new DmaEvent.SgMapFailed(dev.name(), nents, "iommu_map returned " + rc));
                    return 0;
                }
                mapped.add(busAddress);
            }
        }
        for (int i = 0; i < nents; i++) {
            ScatterList.Entry s = sgl.get(i);
            s.setDmaAddress(s.dmaAddress() + address + s.offset());
            s.setDmaLength(s.length());
        }
        kernel.emit(new DmaEvent.SgMapped(dev.name(), address, npages, nents, true));
        return nents;
    }

    /**
     * Mirrors {@code map_sg()}'s {@code out_unmap} path. Repaired: every page this call mapped is
     * unmapped, and the IOTLB synced, before the IOVA is freed. Reverted, the 2017 amd-iommu loop
     * (a bug of the driver under the series, not of the series):
     * <pre>
     * iommu_unmap_page(domain, bus_addr, PAGE_SIZE);
     * if (--mapped_pages)
     *         goto out_free_iova;
     * </pre>
     * which stops after the first page whenever more than one was mapped, with no IOTLB flush.
     *
     * @kernel drivers/iommu/amd_iommu.c map_sg()
     * @departure repair AMD_MAP_SG_UNWINDS_ALL
     */
    private void unwind(IommuDomain domain, List<Long> mapped) {
        if (kernel.repaired(Repair.AMD_MAP_SG_UNWINDS_ALL)) {
            for (long busAddress : mapped) {
                domain.iommuUnmapFast(busAddress, Pmem.PAGE_SIZE);
            }
            domain.iommuIotlbSync();
        } else {
            int mappedPages = mapped.size();
            for (long busAddress : mapped) {
                domain.iommuUnmapFast(busAddress, Pmem.PAGE_SIZE);
                if (--mappedPages != 0) {
                    break;
                }
            }
        }
    }

    private static int spannedPages(ScatterList sgl, int nents) {
        long pages = 0;
        for (int i = 0; i < nents; i++) {
            ScatterList.Entry s = sgl.get(i);
            pages += IommuSg.iommuNumPages(s.physAddress(), Integer.toUnsignedLong(s.length()), Pmem.PAGE_SIZE);
        }
        return (int) pages;
    }
}
