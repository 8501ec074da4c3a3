package io.mapdirect.rdma;

import io.mapdirect.kernel.KObject;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.TestFault;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.MmStruct;
import io.mapdirect.mm.MmuNotifier;
import io.mapdirect.sim.SimMutex;

/**
 * {@code struct ib_umem_odp} [34] [38]: the on-demand-paging part of a umem. No page is pinned;
 * the device faults ({@link OdpFaults}) and the MR's translations mirror the process's page tables.
 * It is the MR's MMU notifier: an invalidation of any part of the MR's range zaps the NIC's
 * translations for it before the page tables change, and bumps the notifier sequence count that a
 * fault in progress checks before it installs what it found ({@code mmu_interval_read_retry()}).
 */
public final class IbUmemOdp extends KObject implements MmuNotifier {
    private final Kernel kernel;
    private final IbUmem umem;
    private final MmStruct mm;
    private final SimMutex umemMutex;
    private long notifierSeq;

    IbUmemOdp(Kernel kernel, IbUmem umem, MmStruct mm) {
        super(kernel, "ib_umem_odp");
        this.kernel = kernel;
        this.umem = umem;
        this.mm = mm;
        this.umemMutex = new SimMutex(kernel.sim(), "umem_mutex");
    }

    /**
     * {@code umem_odp->umem_mutex}: a device fault takes it after its page look-up, to check the
     * notifier sequence and install the page ({@link OdpFaults}).
     */
    SimMutex umemMutex() {
        return umemMutex;
    }

    public IbUmem umem() {
        return umem;
    }

    /** The address space the MR mirrors ({@code umem->context->tgid}'s mm). */
    public MmStruct mm() {
        return mm;
    }

    /** The invalidation sequence count ({@code umem_odp->notifiers_seq}). */
    public long notifierSeq() {
        return notifierSeq;
    }

    /**
     * Mirrors {@code ib_umem_notifier_invalidate_range_start()} with the driver's
     * {@code ->invalidate_range} (mlx5: zap the MR's translations of the range): the part of
     * {@code [startAddr, endAddr)} inside the MR is zapped in the NIC, synchronously, and the
     * sequence count moves. Never sleeps. The MR exists whenever this runs: registration does not
     * yield between registering the notifier and creating the MR, nor release between destroying
     * the MR and unregistering.
     *
     * @kernel drivers/infiniband/core/umem_odp.c ib_umem_notifier_invalidate_range_start()
     */
    @Override
    public void invalidateRange(MmStruct target, long startAddr, long endAddr, Event event) {
        if (kernel.testFault(TestFault.ODP_IGNORES_INVALIDATE)) {
            return;
        }
        long from = Math.max(startAddr, umem.address() & ~(Mm.PAGE_SIZE - 1));
        long to = Math.min(endAddr, Mm.pageAlign(umem.address() + umem.lengthBytes()));
        if (from >= to) {
            return;
        }
        if (!kernel.testFault(TestFault.ODP_INVALIDATE_NO_SEQ_BUMP)) {
            notifierSeq++;
        }
        int key = umem.mrKey();
        long zapBytes = kernel.testFault(TestFault.ODP_ZAP_SHORT) ? to - from - Mm.PAGE_SIZE : to - from;
        int dropped = umem.device().nic().zapOdp(key, from, zapBytes);
        kernel.probes().hit("ODP invalidation");
        kernel.emit(new RdmaEvent.OdpInvalidated(umem.device().name(), key, mm.ownerPid(), from, to, event, dropped));
    }
}
