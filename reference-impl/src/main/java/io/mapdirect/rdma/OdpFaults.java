package io.mapdirect.rdma;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.TestFault;
import io.mapdirect.mm.Gup;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.MmStruct;
import io.mapdirect.nic.MrContext;
import io.mapdirect.nic.Nic;
import io.mapdirect.nic.OdpFaultHandler;

/**
 * The driver's ODP page-fault path for one device ({@code mlx5_ib_eqe_pf_action()} →
 * {@code pagefault_single_data_segment()} → {@code ib_umem_odp_map_dma_pages()}) [34] [38]: the
 * faulting MR page is resolved through the process's current page tables, faulting it in exactly as
 * a user access would (so a MAP_DIRECT or ordinary DAX mapping goes through the current block map,
 * and an allocating write allocates), and installed in the NIC. As in 4.14, the look-up holds mmap_sem
 * and drops it, then the fault takes {@code umem_mutex} (a sleeping lock: other tasks may run in
 * between) and installs the page only if no invalidation touched the MR since the fault began (the notifier sequence count,
 * {@code mmu_interval_read_retry()}); otherwise nothing is installed and the device faults again.
 * Runs on the device's task and may sleep.
 *
 * <p>Model choice: a deregistration may complete while a fault sleeps here; the kernel makes
 * deregistration wait for faults in flight ({@code synchronize_srcu(&dev->mr_srcu)}), the model lets
 * the fault run on and fail at the install (the MR context is gone: EINVAL), which has the same
 * outcome for the device and touches nothing the deregistration freed beyond plain fields.
 */
final class OdpFaults implements OdpFaultHandler {
    private final Kernel kernel;
    private final Gup gup;
    private final IbDevice device;

    OdpFaults(Kernel kernel, Gup gup, IbDevice device) {
        this.kernel = kernel;
        this.gup = gup;
        this.device = device;
    }

    /**
     * Resolves MR page {@code iovaPfn} (the user virtual page: ODP MRs use the user address as the
     * MR address). Returns 0 to let the device retry (after installing the page, or after a race with
     * an invalidation), or -errno: EFAULT for an MR the verbs core did not register (the NIC faults
     * only on ODP contexts, and keys are the NIC's, so a registered one is this device's ODP MR) or a
     * page the process cannot access (no VMA, SIGBUS, the zero page of a hole, see {@link Gup}),
     * ENOMEM, or EINVAL when the MR was destroyed while the fault slept.
     *
     * @kernel drivers/infiniband/hw/mlx5/odp.c pagefault_single_data_segment()
     * @kernel drivers/infiniband/core/umem_odp.c ib_umem_odp_map_dma_pages()
     * @departure bookkeeping the invalidation does not take umem_mutex ({@code
     *     ib_umem_notifier_start_account()} and the driver's unmap take it in 4.14): the fault's sequence
     *     check and install run in one step under the mutex, so no invalidation can come between them
     *     either way; the race the mutex leaves open (an invalidation between the page look-up, done
     *     with mmap_sem held and dropped, and the mutex) is kept
     * @departure bookkeeping a deregistration does not wait for the faults in flight
     *     (synchronize_srcu(&dev->mr_srcu)); the fault fails at the install with EINVAL instead, the same
     *     outcome for the device, touching only plain fields of what the deregistration freed
     */
    @Override
    public int handleOdpFault(Nic nic, MrContext context, long iovaPfn, boolean write) {
        IbMr mr = device.mr(context.key());
        if (mr == null) {
            return Errno.EFAULT.negative();
        }
        IbUmemOdp odp = mr.umem().odp();
        MmStruct mm = odp.mm();
        long address = iovaPfn << Mm.PAGE_SHIFT;
        boolean readsSeqLate = kernel.testFault(TestFault.ODP_FAULT_SEQ_READ_LATE);
        long seq = readsSeqLate ? 0 : odp.notifierSeq();
        KResult<Gup.UserPage> page;
        mm.mmapLock().downRead();
        try {
            page = gup.faultInPage(mm, address, write);
        } finally {
            mm.mmapLock().upRead();
        }
        if (page.isErr()) {
            kernel.probes().hit("ODP fault failed");
            return page.rc();
        }
        odp.umemMutex().lock();
        try {
            if (readsSeqLate) {
                seq = odp.notifierSeq();
            }
            if (odp.notifierSeq() != seq) {
                kernel.probes().hit("ODP fault raced an invalidation");
                return 0;
            }
            return install(nic, mr, page.value());
        } finally {
            odp.umemMutex().unlock();
        }
    }

    private int install(Nic nic, IbMr mr, Gup.UserPage page) {
        int rc = nic.odpInstall(mr.key(), page.address() >>> Mm.PAGE_SHIFT, (int) page.pfn(), page.writable());
        if (rc != 0) {
            return rc;
        }
        IbUmem.UmemPage where = IbUmem.UmemPage.of(page);
        kernel.probes().hit("ODP fault resolved");
        kernel.emit(new RdmaEvent.OdpFaultResolved(device.name(), mr.key(), mr.pid(), page.address(), page.pfn(),
                page.writable(), where.ino(), where.fileBlock()));
        return 0;
    }
}
