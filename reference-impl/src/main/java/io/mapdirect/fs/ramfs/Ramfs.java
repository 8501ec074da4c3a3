package io.mapdirect.fs.ramfs;

import io.mapdirect.fs.File;
import io.mapdirect.fs.FileOperations;
import io.mapdirect.fs.Inode;
import io.mapdirect.fs.SuperBlock;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.mm.FaultResult;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.PhysicalMemory;
import io.mapdirect.mm.Pte;
import io.mapdirect.mm.VmFault;
import io.mapdirect.mm.VmOperations;
import io.mapdirect.mm.Vma;

/**
 * The plain filesystem: tmpfs-like, page cache in DRAM, no DAX, no validate hook and no supported
 * mmap flags beyond the legacy ones (like tmpfs and ext4 of 2017), no reflink. Its files are not
 * persistent: a crash loses them, and no invariant looks at their durability. It serves scenario
 * S7 (flag validation on a filesystem without MAP_DIRECT) and S13 (RDMA over page-cache memory,
 * which needs no lease).
 */
public final class Ramfs implements FileOperations, VmOperations {
    public static final int FALLOC_FL_KEEP_SIZE = 0x01;
    public static final int FALLOC_FL_PUNCH_HOLE = 0x02;

    private final Kernel kernel;
    private final PhysicalMemory memory;
    private final long maxPages;
    private long usedPages;

    /** A plain filesystem without a size limit of its own (DRAM exhaustion still gives ENOSPC). */
    public Ramfs(Kernel kernel, PhysicalMemory memory) {
        this(kernel, memory, Long.MAX_VALUE);
    }

    /**
     * A plain filesystem whose page caches hold at most {@code maxPages} pages, like tmpfs's
     * {@code size=} mount option (default: half of RAM): beyond it writes and fallocate fail with
     * ENOSPC and faults with SIGBUS, as {@code shmem_getpage()} does.
     */
    public Ramfs(Kernel kernel, PhysicalMemory memory, long maxPages) {
        this.kernel = kernel;
        this.memory = memory;
        this.maxPages = maxPages;
    }

    /** A superblock mounted at {@code mountPoint}. */
    public SuperBlock mount(String mountPoint) {
        return new SuperBlock(kernel, "ramfs", mountPoint, false, this,
                creation -> new RamfsInode(kernel, creation.superBlock(), creation.uid(), creation.mode()));
    }

    /** Pages held by every page cache of this filesystem. */
    public long usedPages() {
        return usedPages;
    }

    /** Mirrors {@code shmem_getpage()}: the cached page, allocated on demand; -1 past the size limit or out of DRAM. */
    private long page(RamfsInode inode, long index) {
        Long cached = inode.pageCache().get(index);
        if (cached != null) {
            return cached;
        }
        if (usedPages >= maxPages) {
            return -1;
        }
        long pfn = memory.allocateDramPage();
        if (pfn < 0) {
            return -1;
        }
        usedPages++;
        inode.pageCache().put(index, pfn);
        return pfn;
    }

    /** Drops the cached pages {@code [first, end)} ({@code shmem_undo_range()}). */
    private void dropPages(RamfsInode inode, long first, long end) {
        java.util.SortedMap<Long, Long> range = inode.pageCache().subMap(first, end);
        usedPages -= range.size();
        range.clear();
    }

    /** Mirrors {@code generic_file_read_iter()}: versions of the cached pages (0 for a hole), within the size. */
    @Override
    public KResult<long[]> read(File file, long offsetBytes, long lengthBytes) {
        RamfsInode inode = (RamfsInode) file.inode();
        long end = Math.min(inode.sizeBytes(), offsetBytes + Math.min(lengthBytes, Long.MAX_VALUE - offsetBytes));
        if (end <= offsetBytes) {
            return KResult.ok(new long[0]);
        }
        long first = offsetBytes / Mm.PAGE_SIZE;
        long last = (end - 1) / Mm.PAGE_SIZE;
        long[] versions = new long[(int) (last - first + 1)];
        for (long index = first; index <= last; index++) {
            Long pfn = inode.pageCache().get(index);
            versions[(int) (index - first)] = pfn == null ? 0 : memory.cpuLoad(pfn);
        }
        return KResult.ok(versions);
    }

    /**
     * Mirrors {@code generic_perform_write()}: page cache pages allocated on demand; returns the bytes
     * written before the first page that could not be allocated, or -ENOSPC if none was.
     */
    @Override
    public long write(File file, long offsetBytes, long lengthBytes, long version) {
        RamfsInode inode = (RamfsInode) file.inode();
        inode.iRwsem().downWrite();
        try {
            long last = (offsetBytes + (lengthBytes - 1)) / Mm.PAGE_SIZE;
            long written = lengthBytes;
            for (long index = offsetBytes / Mm.PAGE_SIZE; index <= last; index++) {
                long pfn = page(inode, index);
                if (pfn < 0) {
                    written = Math.max(0, index * Mm.PAGE_SIZE - offsetBytes);
                    break;
                }
                memory.cpuStore(pfn, version);
            }
            if (written == 0) {
                return Errno.ENOSPC.negative();
            }
            if (offsetBytes + written > inode.sizeBytes()) {
                inode.setSizeBytes(offsetBytes + written);
            }
            return written;
        } finally {
            inode.iRwsem().upWrite();
        }
    }

    /** Mirrors {@code generic_file_mmap()}. */
    @Override
    public int mmap(File file, Vma vma) {
        vma.setOps(this);
        return 0;
    }

    /** Page cache is not persistent here: fsync has nothing to do. */
    @Override
    public int fsync(File file) {
        return 0;
    }

    /**
     * Mirrors {@code shmem_fallocate()}: allocate or punch (the VFS already refused a punch without
     * KEEP_SIZE); other modes EOPNOTSUPP; ENOSPC when the pages do not fit (pages allocated so far
     * stay, where shmem undoes them: the size does not change either way).
     */
    @Override
    public int fallocate(File file, int mode, long offsetBytes, long lengthBytes) {
        RamfsInode inode = (RamfsInode) file.inode();
        if ((mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)) != 0) {
            return Errno.EOPNOTSUPP.negative();
        }
        inode.iRwsem().downWrite();
        try {
            long first = offsetBytes / Mm.PAGE_SIZE;
            long end = (offsetBytes + (lengthBytes - 1)) / Mm.PAGE_SIZE + 1;
            if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
                inode.mapping().unmapMappingPages(first, end);
                dropPages(inode, first, end);
                return 0;
            }
            for (long index = first; index < end; index++) {
                if (page(inode, index) < 0) {
                    return Errno.ENOSPC.negative();
                }
            }
            if ((mode & FALLOC_FL_KEEP_SIZE) == 0 && offsetBytes + lengthBytes > inode.sizeBytes()) {
                inode.setSizeBytes(offsetBytes + lengthBytes);
            }
            return 0;
        } finally {
            inode.iRwsem().upWrite();
        }
    }

    /** Mirrors {@code shmem_setattr()} with a size: drops pages beyond the new size. */
    @Override
    public int setSize(Inode inode, File fileOrNull, long sizeBytes) {
        RamfsInode ramfsInode = (RamfsInode) inode;
        if (sizeBytes < inode.sizeBytes()) {
            long firstGone = Mm.pagesFor(sizeBytes);
            inode.mapping().unmapMappingPages(firstGone, Long.MAX_VALUE);
            dropPages(ramfsInode, firstGone, Long.MAX_VALUE);
        }
        inode.setSizeBytes(sizeBytes);
        return 0;
    }

    /** Mirrors {@code filemap_fault()} / {@code shmem_fault()}: the cached page, allocated on demand; SIGBUS beyond EOF or when no page can be had. */
    @Override
    public FaultResult fault(VmFault vmf) {
        RamfsInode inode = (RamfsInode) ((File) vmf.vma().file()).inode();
        if (vmf.pgoff() >= Mm.pagesFor(inode.sizeBytes())) {
            return new FaultResult.Sigbus("fault beyond EOF");
        }
        long pfn = page(inode, vmf.pgoff());
        if (pfn < 0) {
            return new FaultResult.Sigbus("shmem_getpage: ENOSPC");
        }
        return vmf.install(new Pte(pfn, vmf.vma().isWritable() && vmf.vma().isShared()));
    }

    @Override
    public String name() {
        return "ramfs";
    }
}
