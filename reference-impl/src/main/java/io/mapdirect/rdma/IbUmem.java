package io.mapdirect.rdma;

import io.mapdirect.fs.File;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.ScatterList;
import io.mapdirect.iommu.IommuDomain;
import io.mapdirect.iommu.IommuSg;
import io.mapdirect.iommu.IovaRange;
import io.mapdirect.kernel.KObject;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.mm.Gup;
import io.mapdirect.mm.LeaseDirectHandle;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.Vma;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct ib_umem} [11] [22]: the pinned pages of one user MR, their scatter-gather table
 * ({@code sg_head}, one whole-page entry per page, {@code npages} of them set, {@code nmap} mapped by
 * {@code dma_map_sg}), the lease_direct leases it owns ({@code leases}, newest first, as
 * {@code list_add} builds it), v8's {@code iommu} domain, and the state bits: v7's
 * {@code IB_UMEM_MAPPED} and the model's REVOKED (see {@link UmemCore}). An ODP umem [34] has no
 * pages, no sg table and no leases, only its {@link IbUmemOdp} part.
 *
 * <p>Its label names the MR once the MR exists ({@code "ib_umem#12 mr 3 on nic"}): that is the
 * owner string the lease_direct events carry, so a checker can tell which MR a break revoked.
 */
public final class IbUmem extends KObject {
    /**
     * One page of the umem: user address, physical page and where it was registered in its file
     * ({@code -1, -1} unless the VMA is a shared file mapping: anonymous memory, or a private
     * mapping whose pages may be copies).
     */
    record UmemPage(long address, long pfn, long ino, long fileBlock) {
        /**
         * The page as the walk found it, with its file position read from its VMA now: a page of a
         * shared file mapping, or of a private one that is still the file's own page (a DAX private
         * mapping maps the file's block until a write copies it); an anonymous or copied page has
         * none. Counting every private page as anonymous was a finding of the verdict run: an ODP
         * read of a private DAX mapping reaches the file's block, and the checkers could not tell
         * whose block it was.
         */
        static UmemPage of(Gup.UserPage page) {
            Vma vma = page.vma();
            if (vma.file() instanceof File file) {
                long fileBlock = vma.pgoff() + (page.address() - vma.start()) / Mm.PAGE_SIZE;
                if (vma.isShared() || file.inode().pfnAt(fileBlock) == page.pfn()) {
                    return new UmemPage(page.address(), page.pfn(), file.inode().ino(), fileBlock);
                }
            }
            return new UmemPage(page.address(), page.pfn(), -1, -1);
        }
    }

    private final IbUcontext context;
    private final long address;
    private final long lengthBytes;
    private final boolean writable;
    private final ScatterList sg = new ScatterList();
    private final List<UmemPage> pages = new ArrayList<>();
    private final List<LeaseDirectHandle> leases = new ArrayList<>();
    private IbUmemOdp odp;
    private IommuDomain iommu;
    private int nmap;
    private IovaRange iovaRange;
    private boolean mapped;
    private boolean revoked;
    private int mrKey = -1;
    private boolean mrLive;

    IbUmem(Kernel kernel, IbUcontext context, long address, long lengthBytes, boolean writable) {
        super(kernel, "ib_umem");
        this.context = context;
        this.address = address;
        this.lengthBytes = lengthBytes;
        this.writable = writable;
    }

    public IbUcontext context() {
        return context;
    }

    public IbDevice device() {
        return context.device();
    }

    public long address() {
        return address;
    }

    public long lengthBytes() {
        return lengthBytes;
    }

    public boolean writable() {
        return writable;
    }

    /** {@code umem->npages}: scatterlist entries set (pages pinned and counted). */
    public int npages() {
        return sg.size();
    }

    /** {@code umem->nmap}: entries {@code dma_map_sg} mapped; 0 before mapping. */
    public int nmap() {
        return nmap;
    }

    /** {@code umem->sg_head}. */
    public ScatterList sg() {
        use("umem->sg_head");
        return sg;
    }

    /** The physical page of every pinned page, in order. */
    public List<Long> pfns() {
        return pages.stream().map(UmemPage::pfn).toList();
    }

    List<UmemPage> pages() {
        return pages;
    }

    /** {@code umem->leases}: the lease_direct leases it owns. */
    public List<LeaseDirectHandle> leases() {
        return List.copyOf(leases);
    }

    List<LeaseDirectHandle> leaseList() {
        return leases;
    }

    /** v8's {@code umem->iommu} [22], or null. */
    public IommuDomain iommu() {
        return iommu;
    }

    void setIommu(IommuDomain domain) {
        this.iommu = domain;
    }

    public boolean isOdp() {
        return odp != null;
    }

    public IbUmemOdp odp() {
        return odp;
    }

    void setOdp(IbUmemOdp odp) {
        this.odp = odp;
    }

    void addPage(UmemPage page) {
        use("sg_set_page");
        pages.add(page);
        sg.add((int) page.pfn(), 0, Pmem.PAGE_SIZE);
    }

    /**
     * Records {@code umem->nmap} after {@code dma_map_sg}, and the IOVA range it allocated when the
     * device's DMA is translated ({@code sg_dma_address(sgl) & PAGE_MASK}, {@code iommu_sg_num_pages}
     * pages [21]), read now because {@code dma_unmap_sg} later rewrites the entries.
     */
    void setMapped(int nents, boolean throughDomain) {
        this.nmap = nents;
        this.iovaRange = throughDomain
                ? new IovaRange(sg.get(0).dmaAddress() >>> Pmem.PAGE_SHIFT, IommuSg.countPages(device().dmaDevice(), sg, nents))
                : null;
    }

    /** The IOVA range {@code dma_map_sg} allocated, or null when the bus addresses are physical or nothing was mapped. */
    public IovaRange iovaRange() {
        return iovaRange;
    }

    /** {@code set_bit(IB_UMEM_MAPPED, &umem->state)} [11]. */
    void setMappedBit() {
        mapped = true;
    }

    /** {@code test_and_clear_bit(IB_UMEM_MAPPED, &umem->state)} [11]. */
    boolean testAndClearMapped() {
        use("umem->state");
        boolean old = mapped;
        mapped = false;
        return old;
    }

    /** Whether a lease break callback ran for this umem. */
    public boolean revoked() {
        return revoked;
    }

    void setRevoked() {
        revoked = true;
    }

    /** The MR key, or -1 before the MR exists. */
    public int mrKey() {
        return mrKey;
    }

    /** Whether the MR is registered (created and not yet deregistered). */
    public boolean mrLive() {
        return mrLive;
    }

    void setMr(int key, boolean live) {
        this.mrKey = key;
        this.mrLive = live;
    }

    @Override
    public String toString() {
        return label() + (mrKey > 0 ? " mr " + mrKey : "") + " on " + device().name();
    }
}
