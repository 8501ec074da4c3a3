package io.mapdirect.fs.xfs;

import io.mapdirect.kernel.Errno;
import io.mapdirect.mm.PhysicalMemory;

/**
 * Where an XFS inode's data lives and how block-map changes move it: in the pmem block itself for a
 * DAX inode (a newly allocated or converted block is zeroed, a copied-on-write block gets the old
 * block's content, both durably, as DAX does with non-temporal stores), in a DRAM page cache for a
 * non-DAX inode, written back to the blocks by fsync and before the block map moves blocks under
 * the cache (reflink, collapse and insert range), as {@code filemap_write_and_wait_range()} does; a
 * non-DAX block without a cached page reads from its block. Holes and unwritten blocks read as zeros.
 * A crash loses the page caches: what was written back (and is mapped by the recovered map) stays.
 */
final class XfsData {
    private final Xfs xfs;
    private final PhysicalMemory memory;

    XfsData(Xfs xfs, PhysicalMemory memory) {
        this.xfs = xfs;
        this.memory = memory;
    }

    /** The content version of a file block. */
    long read(XfsInode ip, long fileBlock) {
        if (!ip.isDax()) {
            Long pfn = ip.pageCache().get(fileBlock);
            if (pfn != null) {
                return memory.cpuLoad(pfn);
            }
        }
        BlockMapping mapping = ip.map().lookup(fileBlock);
        return mapping == null || !mapping.isWritten() ? 0 : memory.cpuLoad(mapping.pmemBlock());
    }

    /**
     * Stores durably into a file block that {@link #prepareWrite} made writable. Returns 0, or
     * -ENOMEM when a non-DAX inode's page-cache page cannot be allocated.
     */
    int write(XfsInode ip, long fileBlock, long version) {
        long pfn = ip.isDax() ? ip.map().lookup(fileBlock).pmemBlock() : cachePage(ip, fileBlock);
        if (pfn < 0) {
            return Errno.ENOMEM.negative();
        }
        memory.cpuStore(pfn, version);
        memory.cpuFlush(pfn);
        return 0;
    }

    /**
     * The page-cache page of a non-DAX inode's file block, allocated on demand and read from its block
     * as {@code filemap_fault()} does with {@code ->readpage} (a hole or unwritten block reads as
     * zeros, the zeroed page as allocated); -1 when DRAM is exhausted.
     */
    long cachePage(XfsInode ip, long fileBlock) {
        Long cached = ip.pageCache().get(fileBlock);
        if (cached != null) {
            return cached;
        }
        long pfn = memory.allocateDramPage();
        if (pfn >= 0) {
            BlockMapping mapping = ip.map().lookup(fileBlock);
            if (mapping != null && mapping.isWritten()) {
                memory.cpuStore(pfn, memory.cpuLoad(mapping.pmemBlock()));
            }
            ip.pageCache().put(fileBlock, pfn);
        }
        return pfn;
    }

    /**
     * Mirrors the allocating part of {@code xfs_file_iomap_begin()} for a write: allocates,
     * converts or copies-on-write every block of the range that needs it, under {@code XFS_ILOCK},
     * and moves the data. Returns 0 or -errno (ENOSPC).
     */
    int prepareWrite(XfsInode ip, long firstBlock, long blockCount) {
        if (!ip.map().writeNeedsBlockMapChange(firstBlock, blockCount)) {
            return 0;
        }
        ip.ilock().lock();
        try {
            BlockMapUpdate update = ip.map().prepareWrite(firstBlock, blockCount);
            for (BlockMapChange change : update.changes()) {
                moveData(change);
            }
            return update.rc();
        } finally {
            ip.ilock().unlock();
        }
    }

    private void moveData(BlockMapChange change) {
        if (change.after() == null) {
            return;
        }
        long to = change.after().pmemBlock();
        switch (change.kind()) {
            case ALLOCATE, CONVERT -> {
                memory.cpuStore(to, 0);
                memory.cpuFlush(to);
            }
            case REMAP -> {
                memory.cpuStore(to, memory.cpuLoad(change.before().pmemBlock()));
                memory.cpuFlush(to);
            }
            default -> { }
        }
    }

    /**
     * Mirrors {@code dax_writeback_mapping_range()}: flushes every CPU cache line of the file's blocks;
     * for a non-DAX inode {@code filemap_write_and_wait()}: stores every cached page into its block
     * (mapped and written: a write made it so, and whatever changed the block since dropped the page).
     */
    void writeback(XfsInode ip) {
        if (!ip.isDax()) {
            for (var cached : ip.pageCache().entrySet()) {
                BlockMapping mapping = ip.map().lookup(cached.getKey());
                if (mapping != null && mapping.isWritten() && !mapping.shared()) {
                    memory.cpuStore(mapping.pmemBlock(), memory.cpuLoad(cached.getValue()));
                    memory.cpuFlush(mapping.pmemBlock());
                }
            }
            return;
        }
        for (MappedBlock block : ip.map().mappings()) {
            memory.cpuFlush(block.mapping().pmemBlock());
        }
    }

    /** Drops page-cache pages of {@code [firstBlock, firstBlock + count)} of a non-DAX inode. */
    void dropCache(XfsInode ip, long firstBlock, long count) {
        long end = firstBlock + count < firstBlock ? Long.MAX_VALUE : firstBlock + count;
        ip.pageCache().subMap(firstBlock, end).clear();
    }
}
