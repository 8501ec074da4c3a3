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
 * persistent: a crash loses them, and no invariant looks at their durability. It serves SCENARIOS
 * S7 (flag validation on a filesystem without MAP_DIRECT) and S13 (RDMA over page-cache memory,
 * which needs no lease).
 */
public final class Ramfs implements FileOperations, VmOperations {
    public static final int FALLOC_FL_KEEP_SIZE = 0x01;
    public static final int FALLOC_FL_PUNCH_HOLE = 0x02;

    private final Kernel kernel;
    private final PhysicalMemory memory;

    public Ramfs(Kernel kernel, PhysicalMemory memory) {
        this.kernel = kernel;
        this.memory = memory;
    }

    /** A superblock mounted at {@code mountPoint}. */
    public SuperBlock mount(String mountPoint) {
        return new SuperBlock(kernel, "ramfs", mountPoint, false, this,
                creation -> new RamfsInode(kernel, creation.superBlock(), creation.uid(), creation.mode()));
    }

    private long page(RamfsInode inode, long index) {
        return inode.pageCache().computeIfAbsent(index, i -> memory.allocateDramPage());
    }

    /** Mirrors {@code generic_file_read_iter()}: versions of the cached pages (0 for a hole), within the size. */
    @Override
    public KResult<long[]> read(File file, long offsetBytes, long lengthBytes) {
        RamfsInode inode = (RamfsInode) file.inode();
        long end = Math.min(inode.sizeBytes(), offsetBytes + lengthBytes);
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

    /** Mirrors {@code generic_perform_write()}: page cache pages allocated on demand. */
    @Override
    public long write(File file, long offsetBytes, long lengthBytes, long version) {
        RamfsInode inode = (RamfsInode) file.inode();
        inode.iRwsem().downWrite();
        try {
            for (long index = offsetBytes / Mm.PAGE_SIZE; index * Mm.PAGE_SIZE < offsetBytes + lengthBytes; index++) {
                memory.cpuStore(page(inode, index), version);
            }
            if (offsetBytes + lengthBytes > inode.sizeBytes()) {
                inode.setSizeBytes(offsetBytes + lengthBytes);
            }
            return lengthBytes;
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

    /** Mirrors {@code shmem_fallocate()}: allocate or punch; other modes EOPNOTSUPP. */
    @Override
    public int fallocate(File file, int mode, long offsetBytes, long lengthBytes) {
        RamfsInode inode = (RamfsInode) file.inode();
        if ((mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)) != 0) {
            return Errno.EOPNOTSUPP.negative();
        }
        inode.iRwsem().downWrite();
        try {
            long first = offsetBytes / Mm.PAGE_SIZE;
            long end = Mm.pageAlign(offsetBytes + lengthBytes) / Mm.PAGE_SIZE;
            if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
                inode.mapping().unmapMappingRange(offsetBytes, lengthBytes);
                inode.pageCache().subMap(first, end).clear();
                return 0;
            }
            for (long index = first; index < end; index++) {
                page(inode, index);
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
            inode.mapping().unmapMappingRange(Mm.pageAlign(sizeBytes), 0);
            ramfsInode.pageCache().tailMap(Mm.pageAlign(sizeBytes) / Mm.PAGE_SIZE).clear();
        }
        inode.setSizeBytes(sizeBytes);
        return 0;
    }

    /** Mirrors {@code filemap_fault()} / {@code shmem_fault()}: the cached page, allocated on demand. */
    @Override
    public FaultResult fault(VmFault vmf) {
        RamfsInode inode = (RamfsInode) ((File) vmf.vma().file()).inode();
        if (vmf.pgoff() * Mm.PAGE_SIZE >= Mm.pageAlign(inode.sizeBytes())) {
            return new FaultResult.Sigbus("fault beyond EOF");
        }
        long pfn = page(inode, vmf.pgoff());
        return vmf.install(new Pte(pfn, vmf.vma().isWritable() && vmf.vma().isShared()));
    }

    @Override
    public String name() {
        return "ramfs";
    }
}
