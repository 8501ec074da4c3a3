package io.mapdirect.rdma;

import io.mapdirect.dma.DmaDirection;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.TestFault;
import io.mapdirect.mm.LeaseDirectHandle;
import io.mapdirect.mm.PagePins;
import java.util.List;

/**
 * {@code __ib_umem_release()} as [11] and [22] order it. v7 [11]: {@code dma_unmap_sg} (unless the
 * break already did: {@code test_and_clear_bit(IB_UMEM_MAPPED)}), unpin, free the sg table, and only
 * then destroy the leases. v8 [22] and the later designs: destroy the leases first (each destroy
 * flushes its break work, so no callback runs afterwards), then {@code dma_unmap_sg}, then unpin.
 * Repair V8_RELEASE_TESTS_MAPPED_BIT: the MAPPED bit guards the unmap in every design (v8's code
 * tests only {@code nmap > 0}), so that a break which unmapped the sg list itself (fault
 * V7_UNMAP_AT_BREAK on v8) does not make the release free the IOVA range a second time.
 */
final class UmemRelease {
    private final Kernel kernel;
    private final PagePins pins;

    UmemRelease(Kernel kernel, PagePins pins) {
        this.kernel = kernel;
        this.pins = pins;
    }

    /**
     * Mirrors {@code __ib_umem_release(dev, umem, dirty)}: everything the umem holds, in the design's order.
     *
     * @kernel drivers/infiniband/core/umem.c __ib_umem_release() [11] [22]
     */
    void release(IbUmem umem) {
        umem.use("__ib_umem_release");
        if (kernel.policy().revoke() == Policy.Revoke.DMA_UNMAP_SG) {
            unmapIfMapped(umem);
            unpin(umem);
            destroyLeases(umem);
        } else {
            destroyLeases(umem);
            unmapIfMapped(umem);
            unpin(umem);
        }
    }

    /**
     * Mirrors {@code ib_umem_release()}: the release, then {@code kfree(umem)}.
     *
     * @kernel drivers/infiniband/core/umem.c ib_umem_release()
     */
    void releaseAndFree(IbUmem umem) {
        release(umem);
        kernel.kmem().kfree(umem, "ib_umem_release");
    }

    /**
     * Mirrors the ODP branch of {@code ib_umem_release()} ({@code ib_umem_odp_release()}): the MR's
     * translations are already gone with its context; the notifier is unregistered and both parts
     * freed. Nothing was pinned or mapped.
     *
     * @kernel drivers/infiniband/core/umem_odp.c ib_umem_odp_release()
     */
    void releaseOdp(IbUmem umem) {
        IbUmemOdp odp = umem.odp();
        odp.mm().unregisterNotifier(odp);
        kernel.kmem().kfree(odp, "ib_umem_odp_release");
        kernel.kmem().kfree(umem, "ib_umem_release");
    }

    /**
     * v7 [11]: {@code if (umem->nmap > 0 && test_and_clear_bit(IB_UMEM_MAPPED, &umem->state))
     * ib_dma_unmap_sg(...)}; v8 [22] as posted: {@code if (umem->nmap > 0) ib_dma_unmap_sg(...)}.
     *
     * @kernel drivers/infiniband/core/umem.c __ib_umem_release() [11] [22]
     * @departure repair V8_RELEASE_TESTS_MAPPED_BIT
     */
    private void unmapIfMapped(IbUmem umem) {
        if (umem.nmap() > 0 && testMappedBit(umem)) {
            IbDevice device = umem.device();
            device.dma().dmaUnmapSg(device.dmaDevice(), umem.sg(), umem.npages(), DmaDirection.BIDIRECTIONAL);
        }
    }

    private boolean testMappedBit(IbUmem umem) {
        if (kernel.policy().revoke() == Policy.Revoke.DMA_UNMAP_SG || kernel.repaired(Repair.V8_RELEASE_TESTS_MAPPED_BIT)) {
            return umem.testAndClearMapped();
        } else {
            // [22] "if (umem->nmap > 0)": v8 has no IB_UMEM_MAPPED bit
            return true;
        }
    }

    /**
     * {@code put_page()} of every page in the sg table (the pins of a long-term GUP).
     *
     * @kernel drivers/infiniband/core/umem.c __ib_umem_release() [11] [22]
     */
    private void unpin(IbUmem umem) {
        List<Long> pfns = umem.pfns();
        int unpinned = kernel.testFault(TestFault.UMEM_RELEASE_KEEPS_LAST_PIN) ? Math.max(0, pfns.size() - 1) : pfns.size();
        for (long pfn : pfns.subList(0, unpinned)) {
            pins.unpin(pfn, true);
        }
    }

    /**
     * {@code list_for_each_entry_safe(ld, ...) { list_del_init(&ld->list); map_direct_lease_destroy(ld); }}
     *
     * @kernel drivers/infiniband/core/umem.c __ib_umem_release() [11] [22]
     */
    private static void destroyLeases(IbUmem umem) {
        List<LeaseDirectHandle> leases = umem.leaseList();
        while (!leases.isEmpty()) {
            LeaseDirectHandle ld = leases.remove(0);
            ld.destroy();
        }
    }
}
