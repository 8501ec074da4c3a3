package io.mapdirect.fs.xfs;

import io.mapdirect.fs.File;
import io.mapdirect.fs.mapdirect.MapDirectState;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.TestFault;
import io.mapdirect.mm.FaultResult;
import io.mapdirect.mm.LeaseDirectHandle;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.Pte;
import io.mapdirect.mm.VmFault;
import io.mapdirect.mm.VmOperations;
import io.mapdirect.mm.Vma;
import io.mapdirect.sim.Site;
import java.util.function.Consumer;

/**
 * MAP_DIRECT on XFS [06] [09]: {@code xfs_file_mmap_validate()} and {@code xfs_file_vm_direct_ops}
 * (VMA open/close counting, the fault rules and {@code ->lease_direct()}).
 *
 * @kernel fs/xfs/xfs_file.c xfs_file_vm_direct_ops [06] [09]
 */
final class XfsDirect implements VmOperations {
    /** The seed's {@code MAP_DIRECT} (asm-generic) and the legacy map type bits. */
    static final long MAP_DIRECT = 0x80000L;
    private static final Site VALID_CHECK = Site.of("xfs_vma_checks: is_map_direct_valid");
    private static final Site AFTER_CHECKS = Site.of("__xfs_filemap_fault: after xfs_vma_checks");

    private final Xfs xfs;
    private final Kernel kernel;

    XfsDirect(Xfs xfs) {
        this.xfs = xfs;
        this.kernel = xfs.kernel();
    }

    /**
     * Mirrors {@code xfs_file_mmap_validate(filp, vma, map_flags, fd)} [06]: without MAP_DIRECT it
     * is {@code xfs_file_mmap}; with it, the direct vm ops, {@code map_direct_register()}, the flush
     * of in-flight faults (take and drop {@code XFS_MMAPLOCK} exclusively; skipped with
     * {@link KnownBug#NO_FAULT_FLUSH}) and only then the state is published in the VMA.
     *
     * <p>Where the policy says so (Dave Chinner's suggestion [26] [36], not the posted code), a
     * non-DAX or reflinked file is refused with EOPNOTSUPP at mmap time. Repaired, the registration
     * commits the inode's block map, because the promise of MAP_DIRECT [00] — a store flushed from
     * userspace is durable without fsync — needs a durable block map, which nothing can change
     * afterwards; the posted code forces no log there.
     *
     * @kernel fs/xfs/xfs_file.c xfs_file_mmap_validate() [06]
     * @departure repair REGISTRATION_COMMITS_LOG
     * @departure fault NO_FAULT_FLUSH
     */
    int mmapValidate(File file, Vma vma, long mapFlags, int fd) {
        XfsInode ip = (XfsInode) file.inode();
        if ((mapFlags & MAP_DIRECT) == 0) {
            return file.fOp().mmap(file, vma);
        }
        if (!kernel.policy().mapDirect()) {
            return Errno.EOPNOTSUPP.negative();
        }
        if (kernel.policy().nonDaxMapDirect() == Policy.NonDaxMapDirect.REFUSE_AT_MMAP
                && (!ip.isDax() || ip.map().hasSharedBlocks())) {
            return Errno.EOPNOTSUPP.negative();
        }
        vma.setOps(this);
        if (ip.isDax()) {
            vma.addVmFlags(Mm.VM_MIXEDMAP | Mm.VM_HUGEPAGE);
        }
        KResult<MapDirectState> registered = xfs.mapDirect().register(fd, vma);
        if (registered.isErr()) {
            return registered.rc();
        }
        MapDirectState mds = registered.value();
        mds.setFaultFlush(() -> flushFaults(ip));
        if (!kernel.bug(KnownBug.NO_FAULT_FLUSH)) {
            flushFaults(ip);
        }
        if (kernel.repaired(Repair.REGISTRATION_COMMITS_LOG)) {
            // After the flush: a fault in flight at the registration may still allocate or convert
            // (it passed its layout break before the lease existed), and its change must be durable too.
            xfs.commit(ip, "MAP_DIRECT registration");
        }
        vma.setPrivateData(mds);
        kernel.emit(new XfsEvents.MapDirectPublished(mds.label(), ip.ino(), vma.label()));
        return 0;
    }

    /** "flush in-flight faults": {@code xfs_ilock(ip, XFS_MMAPLOCK_EXCL); xfs_iunlock(...)} [06]. */
    private static void flushFaults(XfsInode ip) {
        ip.mmapLock().downWrite();
        ip.mmapLock().upWrite();
    }

    /**
     * Mirrors {@code xfs_filemap_direct_open()}: a split or fork copied the VMA.
     *
     * @kernel fs/xfs/xfs_file.c xfs_filemap_direct_open() [06]
     */
    @Override
    public void open(Vma vma) {
        xfs.mapDirect().getVma((MapDirectState) vma.privateData());
    }

    /**
     * Mirrors {@code xfs_filemap_direct_close()}.
     *
     * @kernel fs/xfs/xfs_file.c xfs_filemap_direct_close() [06]
     */
    @Override
    public void close(Vma vma) {
        xfs.mapDirect().putVma((MapDirectState) vma.privateData());
    }

    /**
     * Mirrors {@code __xfs_filemap_fault()} with {@code xfs_vma_checks()} [06]: SIGBUS when the
     * mapping was invalidated, the inode has reflinked blocks or is not DAX; then, as posted, the
     * ordinary DAX fault, where {@code xfs_file_iomap_begin()}'s {@code i_mapdcount} check [03]
     * (the known bug ALLOC_FAULT_NO_BREAK) refuses an allocation or conversion with ETXTBSY
     * (SIGBUS), and its copy-on-write path, which comes before that check, does not
     * (REFLINK_MISSED). Repaired, the fault refuses any write that would change the block map itself
     * (the cover letter's rule: "the fault would trigger the filesystem to allocate blocks ... or
     * perform extent conversion"), whatever the rest of the filesystem does.
     *
     * @kernel fs/xfs/xfs_file.c xfs_vma_checks() [06]
     * @kernel fs/xfs/xfs_file.c is_xfs_map_direct() [06]
     * @departure repair DIRECT_FAULT_REFUSES_BLOCK_MAP_CHANGE
     */
    @Override
    public FaultResult fault(VmFault vmf) {
        XfsInode ip = XfsFaults.inodeOf(vmf);
        MapDirectState mds = (MapDirectState) vmf.vma().privateData();
        ip.mmapLock().downRead();
        FaultResult result = null;
        try {
            result = vmaChecks(ip, mds);
            if (result == null && !kernel.repaired(Repair.INVALIDATE_FLUSHES_FAULTS)) {
                // The window between the VALID test and the PTE: a yield point only where the posted
                // invalidation (no fault flush) can use it, so that repaired schedules stay as they were.
                kernel.racy(AFTER_CHECKS);
            }
            if (result == null) {
                result = kernel.repaired(Repair.DIRECT_FAULT_REFUSES_BLOCK_MAP_CHANGE) ? directFault(ip, vmf)
                        : xfs.faults().faultLocked(ip, vmf);
            }
            return result;
        } finally {
            if (!(result instanceof FaultResult.Retry)) {
                ip.mmapLock().upRead();
            }
        }
    }

    private FaultResult vmaChecks(XfsInode ip, MapDirectState mds) {
        kernel.racy(VALID_CHECK);
        if (!mds.isValid()) {
            kernel.probes().hit("MAP_DIRECT fault after invalidation");
            return new FaultResult.Sigbus("MAP_DIRECT invalidated");
        }
        if (ip.map().hasSharedBlocks() && !kernel.testFault(TestFault.DIRECT_FAULT_IGNORES_REFLINK)) {
            return new FaultResult.Sigbus("reflinked inode");
        }
        if (!ip.isDax()) {
            return new FaultResult.Sigbus("not DAX");
        }
        return null;
    }

    private FaultResult directFault(XfsInode ip, VmFault vmf) {
        if (XfsFaults.beyondEof(ip, vmf)) {
            return new FaultResult.Sigbus("fault beyond EOF");
        }
        if (!vmf.write()) {
            return XfsFaults.mapForRead(ip, vmf);
        }
        if (ip.map().writeNeed(vmf.pgoff()).changesBlockMap()) {
            kernel.probes().hit("MAP_DIRECT fault would change the block map");
            return new FaultResult.Sigbus("fault would allocate or convert");
        }
        return vmf.install(new Pte(ip.map().lookup(vmf.pgoff()).pmemBlock(), true));
    }

    @Override
    public boolean hasLeaseDirect() {
        return true;
    }

    /**
     * {@code .lease_direct = xfs_filemap_direct_lease} [09], made generic [27] [30].
     *
     * @kernel fs/xfs/xfs_file.c xfs_filemap_direct_lease() [09]
     */
    @Override
    public KResult<LeaseDirectHandle> leaseDirect(Vma vma, Consumer<Object> breakFn, Object owner) {
        return xfs.leaseDirects().leaseDirectChecked(vma, (MapDirectState) vma.privateData(), breakFn, owner);
    }

    @Override
    public String name() {
        return "xfs_file_vm_direct_ops";
    }
}
