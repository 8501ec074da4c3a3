package io.mapdirect.fs.xfs;

import io.mapdirect.fs.File;
import io.mapdirect.fs.mapdirect.MapDirectState;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
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
 */
final class XfsDirect implements VmOperations {
    /** The seed's {@code MAP_DIRECT} (asm-generic) and the legacy map type bits. */
    static final long MAP_DIRECT = 0x80000L;
    private static final Site VALID_CHECK = Site.of("xfs_vma_checks: is_map_direct_valid");

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
     * <p>Model choices: where the policy says so (Dave Chinner's suggestion [26] [36]), a non-DAX or
     * reflinked file is refused with EOPNOTSUPP at mmap time; and the registration commits the
     * inode's block map, because the promise of MAP_DIRECT [00] — a store flushed from userspace is
     * durable without fsync — needs a durable block map, which nothing can change afterwards.
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
        xfs.commit(ip, "MAP_DIRECT registration");
        if (!kernel.bug(KnownBug.NO_FAULT_FLUSH)) {
            flushFaults(ip);
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

    /** Mirrors {@code xfs_filemap_direct_open()}: a split or fork copied the VMA. */
    @Override
    public void open(Vma vma) {
        xfs.mapDirect().getVma((MapDirectState) vma.privateData());
    }

    /** Mirrors {@code xfs_filemap_direct_close()}. */
    @Override
    public void close(Vma vma) {
        xfs.mapDirect().putVma((MapDirectState) vma.privateData());
    }

    /**
     * Mirrors {@code __xfs_filemap_fault()} with {@code xfs_vma_checks()} [06]: SIGBUS when the
     * mapping was invalidated, the inode has reflinked blocks or is not DAX, or (the fault rules of
     * MAP_DIRECT) the fault would allocate or convert a block; otherwise the block is mapped.
     */
    @Override
    public FaultResult fault(VmFault vmf) {
        XfsInode ip = XfsFaults.inodeOf(vmf);
        MapDirectState mds = (MapDirectState) vmf.vma().privateData();
        ip.mmapLock().downRead();
        try {
            kernel.racy(VALID_CHECK);
            if (!mds.isValid()) {
                kernel.probes().hit("MAP_DIRECT fault after invalidation");
                return new FaultResult.Sigbus("MAP_DIRECT invalidated");
            }
            if (ip.map().hasSharedBlocks()) {
                return new FaultResult.Sigbus("reflinked inode");
            }
            if (!ip.isDax()) {
                return new FaultResult.Sigbus("not DAX");
            }
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
        } finally {
            ip.mmapLock().upRead();
        }
    }

    @Override
    public boolean hasLeaseDirect() {
        return true;
    }

    /** {@code .lease_direct = xfs_filemap_direct_lease} [09], made generic [27] [30]. */
    @Override
    public KResult<LeaseDirectHandle> leaseDirect(Vma vma, Consumer<Object> breakFn, Object owner) {
        return xfs.leaseDirects().leaseDirectChecked(vma, (MapDirectState) vma.privateData(), breakFn, owner);
    }

    @Override
    public String name() {
        return "xfs_file_vm_direct_ops";
    }
}
