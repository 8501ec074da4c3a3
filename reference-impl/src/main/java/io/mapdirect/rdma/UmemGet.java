package io.mapdirect.rdma;

import io.mapdirect.dma.DmaDirection;
import io.mapdirect.fs.File;
import io.mapdirect.fs.FileLock;
import io.mapdirect.iommu.IommuDomain;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Repair;
import io.mapdirect.mm.Gup;
import io.mapdirect.mm.LeaseDirectHandle;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.MmStruct;
import io.mapdirect.mm.Vma;
import java.util.List;

/**
 * {@code ib_umem_get()} for pinned MRs as [11] (v7) and [22] (v8) change it: pin the pages,
 * faulting them in; look at each distinct VMA and, for a DAX one, require {@code ->lease_direct}
 * and a translating IOMMU and take a lease_direct lease owned by the umem; then
 * {@code dma_map_sg}. Any failure releases everything taken so far ({@code __ib_umem_release}).
 * Which IOMMU check runs is the design's: v7's {@code dma_has_iommu()} when the policy revokes with
 * {@code dma_unmap_sg}, v8's {@code dma_get_iommu_domain()} otherwise. Under the merged kernel's
 * rule ({@link Policy.LongTermPin#REFUSE_FS_DAX}) the pin is {@code FOLL_LONGTERM}, which refuses
 * fs-DAX with EOPNOTSUPP, and no lease is taken; under the 2019 layout-lease RFC
 * ({@link Policy.LongTermPin#LAYOUT_LEASE}) fs-DAX needs an F_LAYOUT lease on the file, else EPERM.
 *
 * <p>Departures from the seed (none is a spec §5 fault): (1) repair UMEM_GET_UNPINS_CHUNK_REST: when
 * a VMA check fails part way through a chunk, the seed's {@code goto out} leaves the chunk's
 * remaining pages pinned but uncounted in {@code umem->npages}, a pin leak; the model unpins them.
 * (2) repair UMEM_BREAK_DURING_REG_REFUSES: a lease can break between the lease being taken and
 * {@code dma_map_sg}; the seed's callback then has nothing mapped to revoke and the mapping that
 * follows is never revoked. The model's callback marks the umem REVOKED, and registration fails with
 * ENXIO if it finds the mark after mapping (nothing yields in between), as a registration on a
 * breaking mapping does [09]. (3) bookkeeping: the mmap lock is held for read across the walk and
 * dropped before {@code dma_map_sg}, as later kernels do (4.14 took it for write for
 * {@code pinned_vm} accounting, which the model does not keep: RLIMIT_MEMLOCK is unlimited).
 */
final class UmemGet {
    /** {@code PAGE_SIZE / sizeof(struct page *)}: pages pinned per {@code get_user_pages} call. */
    static final int PAGES_PER_CHUNK = 512;

    private final Kernel kernel;
    private final Gup gup;
    private final UmemRelease release;
    private final UmemLeaseBreak leaseBreak;

    UmemGet(Kernel kernel, Gup gup, UmemRelease release, UmemLeaseBreak leaseBreak) {
        this.kernel = kernel;
        this.gup = gup;
        this.release = release;
        this.leaseBreak = leaseBreak;
    }

    /**
     * Mirrors {@code ib_umem_get(context, addr, size, access, dmasync)} for a pinned MR. Returns the
     * umem, pinned and mapped, or EINVAL (overflow, zero length), ENOMEM (an allocation, or
     * {@code dma_map_sg} failing), EFAULT (a page that cannot be faulted in), EOPNOTSUPP (a DAX VMA
     * without {@code ->lease_direct} or a device without a translating domain; fs-DAX under the
     * merged kernel's rule), EPERM (the layout-lease RFC without the lease), ENXIO (the MAP_DIRECT
     * mapping is breaking [09], or a lease broke during registration).
     *
     * @kernel drivers/infiniband/core/umem.c ib_umem_get() [11] [22]
     * @departure repair UMEM_GET_UNPINS_CHUNK_REST
     * @departure repair UMEM_BREAK_DURING_REG_REFUSES
     * @departure bookkeeping the mmap lock is taken for read, not for write, and pinned_vm is not
     *     accounted against RLIMIT_MEMLOCK (unlimited in the model): the write lock only serialised that
     *     accounting, which no other path of the model reads
     * @departure bookkeeping IS_ENABLED(CONFIG_DAX_MAP_DIRECT) is taken as true: a vma_list allocation
     *     failure fails the registration with ENOMEM, as the series configures it
     * @departure bookkeeping gup_flags: 4.14 pins with FOLL_WRITE always (and FOLL_FORCE for a read-only
     *     MR) through get_user_pages(); the model asks for write only when the access is writable, and
     *     adds FOLL_LONGTERM. Every MR the suite registers is writable (IB_ACCESS_LOCAL_WRITE |
     *     REMOTE_WRITE | REMOTE_READ: reg_mr has no access argument), so both are FOLL_WRITE; and
     *     FOLL_LONGTERM changes the pin only under the merged kernel's rule, which it selects
     */
    KResult<IbUmem> get(IbUcontext context, long addr, long size, int access) {
        if (Long.compareUnsigned(addr + size, addr) < 0
                || Long.compareUnsigned(Mm.pageAlign(addr + size), addr + size) < 0) {
            return KResult.err(Errno.EINVAL);
        }
        IbUmem umem = kernel.kmem().kzalloc("ib_umem",
                () -> new IbUmem(kernel, context, addr, size, IbAccess.writable(access)));
        if (umem == null) {
            return KResult.err(Errno.ENOMEM);
        }
        umem.setMappedBit();
        if (!kernel.kmem().alloc("ib_umem page_list")) {
            return freeUmem(umem, Errno.ENOMEM);
        }
        // "If DAX is enabled we need the vma to setup a ->lease_direct() lease" [11]: no fallback.
        if (!kernel.kmem().alloc("ib_umem vma_list")) {
            return freeUmem(umem, Errno.ENOMEM);
        }
        long npages = numPages(addr, size);
        if (npages == 0) {
            return freeUmem(umem, Errno.EINVAL);
        }
        if (!kernel.kmem().alloc("ib_umem sg_table")) {
            return freeUmem(umem, Errno.ENOMEM);
        }
        Errno error = pinAndLease(umem, addr & ~(Mm.PAGE_SIZE - 1), npages);
        if (error == null) {
            error = dmaMap(umem);
        }
        if (error != null) {
            release.release(umem);
            return freeUmem(umem, error);
        }
        return KResult.ok(umem);
    }

    /**
     * Mirrors {@code ib_umem_num_pages()}.
     *
     * @kernel include/rdma/ib_umem.h ib_umem_num_pages()
     */
    static long numPages(long addr, long size) {
        return (Mm.pageAlign(addr + size) - (addr & ~(Mm.PAGE_SIZE - 1))) >>> Mm.PAGE_SHIFT;
    }

    private KResult<IbUmem> freeUmem(IbUmem umem, Errno errno) {
        kernel.kmem().kfree(umem, "ib_umem_get");
        return KResult.err(errno);
    }

    /** The {@code while (npages)} loop under the mmap lock: pin a chunk, then check each page's VMA. */
    private Errno pinAndLease(IbUmem umem, long base, long npages) {
        MmStruct mm = umem.context().process().mm();
        int gupFlags = (umem.writable() ? Gup.FOLL_WRITE : 0) | Gup.FOLL_LONGTERM;
        mm.mmapLock().downRead();
        try {
            Vma vmaPrev = null;
            for (long done = 0; done < npages; ) {
                long chunk = Math.min(npages - done, PAGES_PER_CHUNK);
                KResult<List<Gup.UserPage>> pinned = gup.getUserPages(mm, base + done * Mm.PAGE_SIZE, chunk, gupFlags);
                if (pinned.isErr()) {
                    return pinned.errno();
                }
                List<Gup.UserPage> pages = pinned.value();
                for (int i = 0; i < pages.size(); i++) {
                    Gup.UserPage page = pages.get(i);
                    umem.addPage(IbUmem.UmemPage.of(page));
                    if (page.vma() == vmaPrev) {
                        continue;
                    }
                    vmaPrev = page.vma();
                    Errno refused = checkVma(umem, page.vma());
                    if (refused != null) {
                        unpinChunkRest(pages.subList(i + 1, pages.size()));
                        return refused;
                    }
                }
                done += chunk;
            }
            return null;
        } finally {
            mm.mmapLock().upRead();
        }
    }

    /**
     * The {@code goto out} of a failed VMA check leaves the chunk's pages after the failing entry to
     * {@code __ib_umem_release()}, which puts only the {@code umem->npages} it counted.
     *
     * @kernel drivers/infiniband/core/umem.c ib_umem_get() [11] [22]
     * @departure repair UMEM_GET_UNPINS_CHUNK_REST
     */
    private void unpinChunkRest(List<Gup.UserPage> rest) {
        if (kernel.repaired(Repair.UMEM_GET_UNPINS_CHUNK_REST)) {
            gup.putPages(rest, true);
        } else {
            // [11] [22] "ret = -EOPNOTSUPP; goto out;": the rest of the chunk stays pinned
            kernel.probes().hit("registration failed with pages pinned past umem->npages");
        }
    }

    /** The per-distinct-VMA checks of [11] / [22] and the long-term pin rules of the later designs. */
    private Errno checkVma(IbUmem umem, Vma vma) {
        if (!vma.isDax()) {
            return null;
        }
        return switch (kernel.policy().longTermPin()) {
            case REFUSE_FS_DAX -> null;
            case LAYOUT_LEASE -> vma.isFsDax() && !holdsLayoutLease(vma) ? refuse("no F_LAYOUT lease", Errno.EPERM) : null;
            case LEASE_DIRECT -> takeLeaseDirect(umem, vma);
        };
    }

    /**
     * [11] [22]: {@code ->lease_direct} present, a translating domain, then the lease, owned by the umem.
     *
     * @kernel drivers/infiniband/core/umem.c ib_umem_get() [11] [22]
     */
    private Errno takeLeaseDirect(IbUmem umem, Vma vma) {
        if (!vma.ops().hasLeaseDirect()) {
            kernel.printk(umem.device().name() + ": DAX-RDMA requires a MAP_DIRECT mapping");
            return refuse("no lease_direct", Errno.EOPNOTSUPP);
        }
        if (!translatingDomain(umem)) {
            kernel.printk(umem.device().name() + ": DAX-RDMA requires an iommu protected device");
            return refuse("no IOMMU", Errno.EOPNOTSUPP);
        }
        KResult<LeaseDirectHandle> ld = vma.ops().leaseDirect(vma, leaseBreak::leaseBreak, umem);
        if (ld.isErr()) {
            if (ld.errno() == Errno.ENXIO) {
                kernel.probes().hit("registration refused: breaking mapping");
            }
            return ld.errno();
        }
        umem.leaseList().add(0, ld.value());
        return null;
    }

    /**
     * v7 [11]: {@code dma_has_iommu(dma_dev)}; v8 [22]: {@code umem->iommu = dma_get_iommu_domain(dma_dev)}.
     *
     * @kernel drivers/infiniband/core/umem.c ib_umem_get() [11] [22]
     */
    private boolean translatingDomain(IbUmem umem) {
        IbDevice device = umem.device();
        if (kernel.policy().revoke() == Policy.Revoke.DMA_UNMAP_SG) {
            return device.dma().dmaHasIommu(device.dmaDevice());
        }
        if (umem.iommu() == null) {
            umem.setIommu(device.dma().dmaGetIommuDomain(device.dmaDevice()));
        }
        return umem.iommu() != null;
    }

    /**
     * The layout-lease RFC's condition: an F_LAYOUT lease on the file taken through the file the
     * VMA maps (owner = that {@code struct file}, as fcntl leases are owned), not breaking.
     */
    private static boolean holdsLayoutLease(Vma vma) {
        File file = (File) vma.file();
        for (FileLock fl : file.inode().flctx().leases()) {
            if (fl.isLayout() && fl.owner() == file && !fl.isBreaking()) {
                return true;
            }
        }
        return false;
    }

    private Errno refuse(String why, Errno errno) {
        kernel.probes().hit("registration refused: " + why);
        return errno;
    }

    /**
     * {@code umem->nmap = ib_dma_map_sg_attrs(...)}: ENOMEM when it maps nothing; ENXIO when a lease
     * broke while the pages were being set up (departure (2) above; reverted, the registration
     * succeeds with a mapping no break will revoke, as posted).
     *
     * @kernel drivers/infiniband/core/umem.c ib_umem_get() [11] [22]
     * @departure repair UMEM_BREAK_DURING_REG_REFUSES
     */
    private Errno dmaMap(IbUmem umem) {
        IbDevice device = umem.device();
        IommuDomain domain = device.dma().dmaGetIommuDomain(device.dmaDevice());
        int nmap = device.dma().dmaMapSg(device.dmaDevice(), umem.sg(), umem.npages(), DmaDirection.BIDIRECTIONAL);
        if (nmap <= 0) {
            return Errno.ENOMEM;
        }
        umem.setMapped(nmap, domain != null);
        if (umem.revoked() && kernel.repaired(Repair.UMEM_BREAK_DURING_REG_REFUSES)) {
            kernel.probes().hit("registration refused: lease broke during registration");
            return Errno.ENXIO;
        }
        return null;
    }
}
