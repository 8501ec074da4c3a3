package io.mapdirect.fs.xfs;

import io.mapdirect.fs.File;
import io.mapdirect.fs.locks.Locks;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Repair;
import io.mapdirect.mm.FaultResult;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.Pte;
import io.mapdirect.mm.VmFault;
import io.mapdirect.mm.VmOperations;
import io.mapdirect.sim.SimBitLock;
import io.mapdirect.sim.Site;

/**
 * {@code xfs_file_vm_ops}: faults through ordinary mappings of XFS files ({@code __xfs_filemap_fault}
 * under {@code XFS_MMAPLOCK} shared, {@code dax_iomap_fault} for DAX inodes, the page cache
 * otherwise).
 *
 * <p>A write fault that must change the block map (allocate into a hole, convert an unwritten
 * block, copy a shared block) is a lease breaker like write(2) [29]: it starts the layout break
 * without blocking ({@code break_layout(inode, false)}, which is also how Dan proposes to replace
 * the {@code i_mapdcount} check [29]); while layouts remain it drops its locks, waits for the
 * break and retries ({@code VM_FAULT_RETRY}): delayed, never failed. Two injectable faults put the
 * seed back: {@link KnownBug#ALLOC_FAULT_NO_BREAK}, the v7 {@code i_mapdcount} check in
 * {@code iomap_begin} that fails the fault with ETXTBSY (SIGBUS) [03] [29], and
 * {@link KnownBug#REFLINK_MISSED}, copy-on-write taking a path that skips every check [25]. A
 * write fault through a MAP_SYNC mapping (linux-6.x) commits the block map it changed before the
 * PTE is installed, as {@code dax_iomap_fault} with {@code IOMAP_F_DIRTY} forces the log.
 */
final class XfsFaults implements VmOperations {
    private static final Site IOMAP_BEGIN = Site.of("xfs_file_iomap_begin: allocate");

    private final Xfs xfs;
    private final Locks locks;
    private final Kernel kernel;

    XfsFaults(Xfs xfs, Locks locks) {
        this.xfs = xfs;
        this.locks = locks;
        this.kernel = xfs.kernel();
    }

    /**
     * Mirrors {@code __xfs_filemap_fault()} for {@code xfs_file_vm_ops}.
     *
     * @kernel fs/xfs/xfs_file.c __xfs_filemap_fault() [06]
     */
    @Override
    public FaultResult fault(VmFault vmf) {
        XfsInode ip = inodeOf(vmf);
        ip.mmapLock().downRead();
        FaultResult result = null;
        try {
            result = faultLocked(ip, vmf);
            return result;
        } finally {
            if (!(result instanceof FaultResult.Retry)) {
                ip.mmapLock().upRead();
            }
        }
    }

    /**
     * The body of {@code __xfs_filemap_fault()} under {@code XFS_MMAPLOCK} shared: EOF, the page
     * cache for a non-DAX inode, else {@code dax_iomap_fault()} with {@code xfs_file_iomap_begin()}'s
     * allocation, conversion or copy-on-write. A {@link FaultResult.Retry} returns with the locks
     * dropped; any other result with the MMAPLOCK still held.
     *
     * @kernel fs/dax.c dax_iomap_fault()
     */
    FaultResult faultLocked(XfsInode ip, VmFault vmf) {
        if (beyondEof(ip, vmf)) {
            return new FaultResult.Sigbus("fault beyond EOF");
        }
        if (!ip.isDax()) {
            long pfn = xfs.data().cachePage(ip, vmf.pgoff());
            if (pfn < 0) {
                return new FaultResult.Oom();
            }
            return vmf.install(new Pte(pfn, vmf.write()));
        }
        if (!vmf.write()) {
            return mapForRead(ip, vmf);
        }
        WriteNeed need = ip.map().writeNeed(vmf.pgoff());
        if (need.changesBlockMap()) {
            FaultResult refused = checkBlockMapChange(ip, vmf, need);
            if (refused != null) {
                return refused;
            }
            kernel.racy(IOMAP_BEGIN);
        }
        SimBitLock entry = ip.daxEntryLock(vmf.pgoff());
        entry.lock();
        try {
            return writeFaultUnderEntryLock(ip, vmf, need);
        } finally {
            entry.unlock();
        }
    }

    /**
     * The part of a DAX write fault under the page's DAX entry lock: the block-map change, the
     * unmapping of the page from every other mapping and the PTE.
     *
     * <p>A copy on write unmaps the page everywhere before the shared block is remapped: in the
     * kernel the data fork changes only in {@code ->iomap_end()} ({@code xfs_reflink_end_cow()}),
     * after {@code dax_insert_entry()} has unmapped the page and the MMU notifiers have dropped every
     * device translation of it, all under the entry lock (seed 7340912265108803311 case 229688: an
     * ODP DMA read landed on the old shared block between the remap and the unmap, ODP_COHERENT).
     * An allocation or conversion changes the data fork in {@code ->iomap_begin()} and unmaps the
     * zero page afterwards.
     */
    private FaultResult writeFaultUnderEntryLock(XfsInode ip, VmFault vmf, WriteNeed need) {
        if (need.changesBlockMap()) {
            if (need == WriteNeed.COPY_ON_WRITE) {
                ip.mapping().unmapMappingPages(vmf.pgoff(), vmf.pgoff() + 1);
            }
            if (xfs.data().prepareWrite(ip, vmf.pgoff(), 1) != 0) {
                return new FaultResult.Sigbus("ENOSPC in iomap_begin");
            }
            if (need != WriteNeed.COPY_ON_WRITE) {
                // dax_insert_entry(): a block replacing the zero page is unmapped from every mapping
                // ("if (shared || dax_is_zero_entry(entry) || ...) unmap_mapping_pages()"), so no other
                // PTE keeps the old translation (seed 8508511439594010132 case 921372).
                ip.mapping().unmapMappingPages(vmf.pgoff(), vmf.pgoff() + 1);
            }
            if ((vmf.vma().vmFlags() & Mm.VM_SYNC) != 0) {
                xfs.commit(ip, "MAP_SYNC fault");
            }
        }
        return vmf.install(new Pte(ip.map().lookup(vmf.pgoff()).pmemBlock(), true));
    }

    /**
     * Whether a block-map-changing write fault may go on: null to go on, SIGBUS (v7's ETXTBSY, or
     * the bail-out [29] proposes once the break has started) or, repaired, a retry after waiting for
     * the layout break (locks dropped; returns with none held).
     *
     * @kernel fs/xfs/xfs_iomap.c xfs_file_iomap_begin() [03] [29]
     * @departure fault ALLOC_FAULT_NO_BREAK
     * @departure fault REFLINK_MISSED
     * @departure repair ALLOC_FAULT_RETRIES
     */
    private FaultResult checkBlockMapChange(XfsInode ip, VmFault vmf, WriteNeed need) {
        if (need == WriteNeed.COPY_ON_WRITE && kernel.bug(KnownBug.REFLINK_MISSED)) {
            return null;
        }
        if (kernel.bug(KnownBug.ALLOC_FAULT_NO_BREAK)) {
            return ip.mapdcount() != 0 ? new FaultResult.Sigbus("ETXTBSY: i_mapdcount in iomap_begin") : null;
        }
        int rc = locks.breakLayout(ip, false);
        if (rc == 0) {
            return null;
        }
        if (rc != Errno.EWOULDBLOCK.negative()) {
            return new FaultResult.Oom();
        }
        if (!kernel.repaired(Repair.ALLOC_FAULT_RETRIES)) {
            kernel.probes().hit("allocating fault bails on a layout break");
            return new FaultResult.Sigbus("EWOULDBLOCK: break_layout in iomap_begin");
        }
        kernel.probes().hit("allocating fault waits for layout break");
        ip.mmapLock().upRead();
        vmf.vma().mm().mmapLock().upRead();
        locks.breakLayout(ip, true);
        return new FaultResult.Retry("waited for layout break");
    }

    /** A DAX read fault: holes and unwritten blocks map the zero page, written blocks read-only. */
    static FaultResult mapForRead(XfsInode ip, VmFault vmf) {
        SimBitLock entry = ip.daxEntryLock(vmf.pgoff());
        entry.lock();
        try {
            return mapForReadUnderEntryLock(ip, vmf);
        } finally {
            entry.unlock();
        }
    }

    private static FaultResult mapForReadUnderEntryLock(XfsInode ip, VmFault vmf) {
        BlockMapping mapping = ip.map().lookup(vmf.pgoff());
        if (mapping == null || !mapping.isWritten()) {
            return vmf.install(new Pte(Pte.ZERO_PFN, false));
        }
        return vmf.install(new Pte(mapping.pmemBlock(), false));
    }

    static boolean beyondEof(XfsInode ip, VmFault vmf) {
        return vmf.pgoff() >= Mm.pagesFor(ip.sizeBytes());
    }

    static XfsInode inodeOf(VmFault vmf) {
        return (XfsInode) ((File) vmf.vma().file()).inode();
    }

    @Override
    public String name() {
        return "xfs_file_vm_ops";
    }
}
