package io.mapdirect.fs.xfs;

import io.mapdirect.fs.Inode;
import io.mapdirect.fs.SuperBlock;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.sim.SimBitLock;
import io.mapdirect.sim.SimMutex;
import io.mapdirect.sim.SimRwSemaphore;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code struct xfs_inode}: the VFS inode plus the block map ({@link ExtentMap}), the fault lock
 * {@code XFS_MMAPLOCK} and the metadata lock {@code XFS_ILOCK}. {@code XFS_IOLOCK} is the VFS
 * {@code i_rwsem}. A non-DAX inode also has a DRAM page cache holding its data.
 */
public final class XfsInode extends Inode {
    private final ExtentMap map;
    private final SimRwSemaphore mmapLock;
    private final SimMutex ilock;
    private final TreeMap<Long, Long> pageCache = new TreeMap<>();
    private final Map<Long, SimBitLock> daxEntryLocks = new HashMap<>();

    XfsInode(Kernel kernel, SuperBlock superBlock, int uid, int mode, BlockAllocator allocator) {
        super(kernel, superBlock, uid, mode);
        this.map = new ExtentMap(allocator, "ino " + ino());
        this.mmapLock = new SimRwSemaphore(kernel.sim(), "XFS_MMAPLOCK(ino " + ino() + ")");
        this.ilock = new SimMutex(kernel.sim(), "XFS_ILOCK(ino " + ino() + ")");
        map.setChangeSink(change -> kernel.emit(new XfsEvents.BlockMapChanged(ino(), change)));
    }

    /** The data fork. */
    public ExtentMap map() {
        return map;
    }

    /** {@code XFS_MMAPLOCK}: faults take it shared, block-map changers exclusive. */
    public SimRwSemaphore mmapLock() {
        return mmapLock;
    }

    /** {@code XFS_ILOCK}: held around block-map transactions. */
    public SimMutex ilock() {
        return ilock;
    }

    /**
     * The lock bit of the DAX entry of file page {@code pgoff} ({@code grab_mapping_entry()} /
     * {@code dax_unlock_entry()} in fs/dax.c): a DAX fault holds it from looking the block up to
     * installing the PTE, so a fault that copies a shared block on write, unmaps the page everywhere
     * and remaps it cannot be overtaken by another fault at the same page that would map the old
     * block again. Free to take, so it is no yield point.
     */
    public SimBitLock daxEntryLock(long pgoff) {
        return daxEntryLocks.computeIfAbsent(pgoff,
                page -> new SimBitLock(kernel().sim(), "DAX entry (ino " + ino() + " page " + page + ")"));
    }

    /** Page cache of a non-DAX inode: file page to DRAM pfn (live map). */
    TreeMap<Long, Long> pageCache() {
        return pageCache;
    }

    @Override
    public long pfnAt(long fileBlock) {
        if (!isDax()) {
            Long pfn = pageCache.get(fileBlock);
            return pfn == null ? -1 : pfn;
        }
        BlockMapping mapping = map.lookup(fileBlock);
        return mapping == null ? -1 : mapping.pmemBlock();
    }

    /** {@code i_size_write()}, kept in the block map too so that it is committed with it. */
    @Override
    public void setSizeBytes(long newSizeBytes) {
        super.setSizeBytes(newSizeBytes);
        map.setSizeBytes(newSizeBytes);
    }

    /** After a crash: the size the block map recovered. */
    void resetSizeFromMap() {
        super.setSizeBytes(map.sizeBytes());
    }
}
