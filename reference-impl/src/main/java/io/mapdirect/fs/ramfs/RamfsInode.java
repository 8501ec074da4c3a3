package io.mapdirect.fs.ramfs;

import io.mapdirect.fs.Inode;
import io.mapdirect.fs.SuperBlock;
import io.mapdirect.kernel.Kernel;
import java.util.TreeMap;

/** An inode of the plain filesystem: its page cache, file page to DRAM page. */
public final class RamfsInode extends Inode {
    private final TreeMap<Long, Long> pageCache = new TreeMap<>();

    RamfsInode(Kernel kernel, SuperBlock superBlock, int uid, int mode) {
        super(kernel, superBlock, uid, mode);
    }

    /** Page cache: file page index to DRAM pfn (live map). */
    TreeMap<Long, Long> pageCache() {
        return pageCache;
    }

    @Override
    public long pfnAt(long fileBlock) {
        Long pfn = pageCache.get(fileBlock);
        return pfn == null ? -1 : pfn;
    }

    /** Number of cached pages. */
    public int cachedPages() {
        return pageCache.size();
    }
}
