package io.mapdirect.fs.xfs;

import io.mapdirect.fs.SuperBlock;
import io.mapdirect.fs.locks.Locks;
import io.mapdirect.fs.mapdirect.LeaseDirects;
import io.mapdirect.fs.mapdirect.MapDirect;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Kmem;
import io.mapdirect.kernel.TestFault;
import io.mapdirect.mm.PagePins;
import io.mapdirect.mm.PhysicalMemory;
import io.mapdirect.sim.SimSpinLock;
import java.util.ArrayList;
import java.util.List;

/**
 * The XFS-like filesystem over persistent memory: one allocator over pmem blocks
 * {@code [0, blockCount)}, DAX by mount option ({@code -o dax}) or per-inode flag, reflink, the
 * MAP_DIRECT and lease_direct wiring of [06] [09], and crash recovery. One instance may be mounted
 * once; its inodes share the allocator.
 */
public final class Xfs {
    private final Kernel kernel;
    private final SimSpinLock log;
    private final BlockAllocator allocator;
    private final MapDirect mapDirect;
    private final LeaseDirects leaseDirects;
    private final XfsLayouts layouts;
    private final XfsData data;
    private final XfsFileOps fileOps;
    private final XfsFaults faults;
    private final XfsDirect direct;
    private final List<XfsInode> inodes = new ArrayList<>();
    private SuperBlock superBlock;

    public Xfs(Kernel kernel, PhysicalMemory memory, Locks locks, MapDirect mapDirect, LeaseDirects leaseDirects,
               PagePins pins, int blockCount) {
        this.kernel = kernel;
        this.log = new SimSpinLock(kernel.sim(), "xlog");
        this.allocator = new BlockAllocator(blockCount);
        this.allocator.setFailureInjection(() -> kernel.faultPlan().shouldFail(kernel.faultScope(), Kmem.ALLOC,
                "xfs_bmapi_write"));
        this.mapDirect = mapDirect;
        this.leaseDirects = leaseDirects;
        this.layouts = new XfsLayouts(kernel, locks, pins);
        this.data = new XfsData(this, memory);
        this.fileOps = new XfsFileOps(this);
        this.faults = new XfsFaults(this, locks);
        this.direct = new XfsDirect(this);
    }

    /** Mounts the filesystem at {@code mountPoint}, with {@code -o dax} if {@code dax}. */
    public SuperBlock mount(String mountPoint, boolean dax) {
        if (superBlock != null) {
            throw new IllegalStateException("xfs already mounted at " + superBlock.mountPoint());
        }
        superBlock = new SuperBlock(kernel, "xfs", mountPoint, dax, fileOps, creation -> {
            XfsInode inode = new XfsInode(kernel, creation.superBlock(), creation.uid(), creation.mode(), allocator);
            inodes.add(inode);
            return inode;
        });
        return superBlock;
    }

    public Kernel kernel() {
        return kernel;
    }

    public BlockAllocator allocator() {
        return allocator;
    }

    public SuperBlock superBlock() {
        return superBlock;
    }

    /** Every inode ever created, in creation order. */
    public List<XfsInode> inodes() {
        return List.copyOf(inodes);
    }

    MapDirect mapDirect() {
        return mapDirect;
    }

    LeaseDirects leaseDirects() {
        return leaseDirects;
    }

    XfsLayouts layouts() {
        return layouts;
    }

    XfsData data() {
        return data;
    }

    XfsFaults faults() {
        return faults;
    }

    XfsDirect direct() {
        return direct;
    }

    /** The content version a read of {@code fileBlock} of {@code ip} returns (0 for a hole or unwritten block). */
    public long contentVersion(XfsInode ip, long fileBlock) {
        return data.read(ip, fileBlock);
    }

    /** Applies a block-map update's result: its changes were emitted by the map's sink; returns rc. */
    int change(XfsInode ip, BlockMapUpdate update) {
        return update.rc();
    }

    /**
     * Mirrors {@code xfs_log_force_inode()}: makes the inode's block map and size durable. Forcing the one
     * log is serialised ({@code xlog}'s locks; a {@link SimSpinLock} here, free in the deterministic mode):
     * the real-thread stress mode found two fsyncs of one file committing at once
     * ({@code ExtentMap.commit} into {@code BlockAllocator.forceLog}) without it.
     */
    void commit(XfsInode ip, String why) {
        if (kernel.testFault(TestFault.XFS_LOG_FORCE_SIZE_ONLY) && ip.map().sizeBytes() == ip.map().durableSizeBytes()) {
            return;
        }
        log.lock();
        try {
            ip.map().commit();
        } finally {
            log.unlock();
        }
        kernel.emit(new XfsEvents.Committed(ip.ino(), why));
    }

    /**
     * A crash and the next mount's recovery: every inode's block map and size go back to their last
     * commit, free space and reference counts are rebuilt, page caches are lost. Called outside a
     * run, after every process is gone.
     */
    public void crashAndRecover() {
        List<ExtentMap> maps = new ArrayList<>();
        for (XfsInode inode : inodes) {
            maps.add(inode.map());
        }
        BlockMapRecovery.crashAndRecover(allocator, maps);
        for (XfsInode inode : inodes) {
            inode.resetSizeFromMap();
            inode.pageCache().clear();
        }
        kernel.emit(new XfsEvents.Recovered(superBlock == null ? "-" : superBlock.mountPoint(), inodes.size()));
    }
}
