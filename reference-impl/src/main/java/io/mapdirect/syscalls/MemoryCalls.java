package io.mapdirect.syscalls;

import io.mapdirect.dax.DeviceDaxInode;
import io.mapdirect.fs.File;
import io.mapdirect.fs.xfs.XfsInode;
import io.mapdirect.kernel.Capability;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.kernel.TestFault;
import io.mapdirect.mm.AddressSpaceView;
import io.mapdirect.mm.FileOps;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.MmStruct;
import io.mapdirect.mm.MmapEnv;
import io.mapdirect.mm.MmapFile;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.mm.MmapRequest;
import io.mapdirect.mm.MmapValidator;
import io.mapdirect.mm.MmapVerdict;
import io.mapdirect.mm.OpenMode;
import io.mapdirect.mm.UserAccess;
import io.mapdirect.mm.VmFlag;
import io.mapdirect.mm.Vma;
import io.mapdirect.proc.Process;

/**
 * Memory system calls ({@code mm/mmap.c}, {@code mm/mprotect.c}, {@code mm/msync.c}) and user
 * accesses: mmap validates with {@link MmapValidator} in the kernel's profile, then maps with
 * {@link MmStruct#mmapRegion}; loads, stores and cache-line flushes go through the fault path and
 * return a value or a signal (which is also recorded for the process).
 */
public final class MemoryCalls {
    public static final int MS_ASYNC = 1;
    public static final int MS_INVALIDATE = 2;
    public static final int MS_SYNC = 4;

    private final Kernel kernel;

    public MemoryCalls(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Mirrors {@code ksys_mmap_pgoff()} → {@code do_mmap()} → {@code mmap_region()}: the checks of
     * the kernel's profile, then the VMA (placed at the lowest free range, or at {@code addr} with
     * MAP_FIXED, replacing what was there), then the file's hook. Returns the address.
     *
     * @kernel mm/mmap.c sys_mmap_pgoff() [02]
     * @kernel mm/util.c vm_mmap_pgoff() [02]
     * @kernel include/linux/mm.h do_mmap_pgoff() [02]
     * @departure bookkeeping do_mmap()'s decision (MmapValidator) is taken before the VMA is made, then mmap_region() runs: the
     *     same checks in the same order, with the same fd passed on to ->mmap_validate()
     */
    public SysResult mmap(Process process, long addr, long lengthBytes, int prot, int flags, int fd, long offsetBytes) {
        boolean anonymous = (flags & MmapFlags.MAP_ANONYMOUS) != 0;
        File file = anonymous ? null : process.files().get(fd);
        MmapFile mmapFile = file == null ? MmapFile.BAD_FD : MmapFile.open(openMode(file), fileOps(file));
        if (kernel.testFault(TestFault.NO_LEGACY_DOWNGRADE) && legacyOnlyValidate(flags) && file != null
                && !mmapFile.ops().hasMmapValidate()) {
            return SysResult.err(Errno.EOPNOTSUPP);
        }
        MmStruct mm = process.mm();
        mm.mmapLock().downWrite();
        try {
            MmapVerdict verdict = MmapValidator.validate(kernel.config().profile(),
                    new MmapRequest(addr, lengthBytes, prot, flags, offsetBytes), mmapFile, env(process), view(mm));
            return switch (verdict) {
                case MmapVerdict.Refused refused -> SysResult.err(refused.errno());
                case MmapVerdict.Mapped mapped -> map(mm, file, addr, offsetBytes, fd, mapped);
            };
        } finally {
            mm.mmapLock().upWrite();
        }
    }

    /** MAP_SHARED_VALIDATE with only legacy flags: what [01] downgrades to MAP_SHARED. */
    private static boolean legacyOnlyValidate(int flags) {
        return (flags & MmapFlags.MAP_TYPE) == MmapFlags.MAP_SHARED_VALIDATE
                && (flags & ~MmapFlags.SEED_LEGACY_MAP_MASK) == 0;
    }

    /** The VMA tree as the validator sees it. */
    private static AddressSpaceView view(MmStruct mm) {
        java.util.List<AddressSpaceView.MappedRange> ranges = new java.util.ArrayList<>();
        for (Vma vma : mm.vmas()) {
            ranges.add(new AddressSpaceView.MappedRange(vma.start(), vma.end()));
        }
        return AddressSpaceView.of(ranges);
    }

    private SysResult map(MmStruct mm, File file, long addr, long offsetBytes, int fd, MmapVerdict.Mapped mapped) {
        long length = mapped.lengthBytes();
        long start;
        if ((mapped.effectiveFlags() & MmapFlags.MAP_FIXED) != 0) {
            start = addr;
            mm.munmap(start, length);
        } else {
            start = mm.getUnmappedArea(length);
            if (start < 0) {
                return SysResult.err(Errno.ENOMEM);
            }
        }
        long rc = mm.mmapRegion(file, start, length, vmFlags(mapped), offsetBytes >>> Mm.PAGE_SHIFT,
                mapped.effectiveFlags(), fd);
        return rc < 0 ? SysResult.err(Errno.fromNegative(rc)) : SysResult.value(start);
    }

    private static int vmFlags(MmapVerdict.Mapped mapped) {
        int bits = 0;
        for (VmFlag flag : mapped.vmFlags()) {
            bits |= switch (flag) {
                case READ -> Mm.VM_READ;
                case WRITE -> Mm.VM_WRITE;
                case EXEC -> Mm.VM_EXEC;
                case SHARED -> Mm.VM_SHARED;
                case MAYREAD -> Mm.VM_MAYREAD;
                case MAYWRITE -> Mm.VM_MAYWRITE;
                case MAYEXEC -> Mm.VM_MAYEXEC;
                case MAYSHARE -> Mm.VM_MAYSHARE;
                case SYNC -> Mm.VM_SYNC;
                default -> 0;
            };
        }
        return bits;
    }

    private static OpenMode openMode(File file) {
        if (file.canRead() && file.canWrite()) {
            return OpenMode.O_RDWR;
        }
        return file.canWrite() ? OpenMode.O_WRONLY : OpenMode.O_RDONLY;
    }

    /** What each model filesystem offers mmap (see {@link FileOps}). */
    static FileOps fileOps(File file) {
        if (file.inode() instanceof XfsInode) {
            return file.inode().isDax() ? FileOps.xfsDax() : FileOps.xfs();
        }
        if (file.inode() instanceof DeviceDaxInode) {
            return new FileOps("device-dax", true, false, 0, MmapFlags.MAP_SYNC, false, true, true, 0, false, false,
                    FileOps.ULONG_MAX);
        }
        return FileOps.plain(file.inode().superBlock().typeName());
    }

    private static MmapEnv env(Process process) {
        return process.creds().capable(Capability.CAP_DAC_OVERRIDE) ? MmapEnv.root() : MmapEnv.unprivileged();
    }

    /**
     * Mirrors {@code munmap()} → {@code do_munmap()}: EINVAL for an unaligned address, a zero length
     * or a range outside the user address space (unsigned, as the kernel reads them); ENOMEM when a
     * VMA split cannot allocate.
     *
     * @kernel mm/mmap.c sys_munmap()
     */
    public SysResult munmap(Process process, long addr, long lengthBytes) {
        MmStruct mm = process.mm();
        mm.mmapLock().downWrite();
        try {
            return SysResult.ofReturn(mm.munmap(addr, lengthBytes));
        } finally {
            mm.mmapLock().upWrite();
        }
    }

    /**
     * Mirrors {@code do_mprotect_pkey()} in the kernel's order: EINVAL for an unaligned address, 0 for
     * a zero length, ENOMEM when the aligned end wraps, then EINVAL for unknown protection bits, then
     * ENOMEM for holes, EACCES for write on a file not open for writing, ENOMEM when a split cannot
     * allocate.
     */
    public SysResult mprotect(Process process, long addr, long lengthBytes, int prot) {
        if (!Mm.pageAligned(addr)) {
            return SysResult.err(Errno.EINVAL);
        }
        if (lengthBytes == 0) {
            return SysResult.ok();
        }
        long end = addr + Mm.pageAlign(lengthBytes);
        if (Long.compareUnsigned(end, addr) <= 0) {
            return SysResult.err(Errno.ENOMEM);
        }
        if ((prot & ~(MmapFlags.PROT_READ | MmapFlags.PROT_WRITE | MmapFlags.PROT_EXEC)) != 0) {
            return SysResult.err(Errno.EINVAL);
        }
        MmStruct mm = process.mm();
        mm.mmapLock().downWrite();
        try {
            return SysResult.ofReturn(mm.mprotect(addr, lengthBytes, (prot & MmapFlags.PROT_READ) != 0,
                    (prot & MmapFlags.PROT_WRITE) != 0));
        } finally {
            mm.mmapLock().upWrite();
        }
    }

    /**
     * Mirrors {@code msync()} in the kernel's order: EINVAL for unknown flags, an unaligned address or
     * MS_ASYNC with MS_SYNC; ENOMEM when the page-aligned end wraps (lengths are unsigned); 0 for an
     * empty range; ENOMEM if part of the range is unmapped; with MS_SYNC every shared file mapping in
     * the range is fsynced ({@code vfs_fsync_range}), which makes its stores and block map durable,
     * and an fsync error wins over the unmapped-range error.
     */
    public SysResult msync(Process process, long addr, long lengthBytes, int flags) {
        if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) != 0 || !Mm.pageAligned(addr)
                || (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC)) {
            return SysResult.err(Errno.EINVAL);
        }
        long end = addr + Mm.pageAlign(lengthBytes);
        if (Long.compareUnsigned(end, addr) < 0) {
            return SysResult.err(Errno.ENOMEM);
        }
        if (end == addr) {
            return SysResult.ok();
        }
        MmStruct mm = process.mm();
        java.util.List<File> toSync = new java.util.ArrayList<>();
        boolean hole;
        mm.mmapLock().downRead();
        try {
            hole = collectFilesToSync(mm, addr, end, (flags & MS_SYNC) != 0, toSync);
        } finally {
            mm.mmapLock().upRead();
        }
        int rc = 0;
        for (File file : toSync) {
            if (rc == 0) {
                rc = file.fOp().fsync(file);
            }
            file.put();
        }
        if (rc != 0) {
            return SysResult.err(Errno.fromNegative(rc));
        }
        return hole ? SysResult.err(Errno.ENOMEM) : SysResult.ok();
    }

    /**
     * Walks the VMAs of {@code [addr, end)} (unsigned) as {@code msync()} does, skipping holes;
     * collects (with a reference) the shared files to sync; returns whether a hole was met.
     */
    private static boolean collectFilesToSync(MmStruct mm, long addr, long end, boolean sync, java.util.List<File> toSync) {
        boolean hole = false;
        long limit = end;
        if (Long.compareUnsigned(end, Mm.TASK_SIZE) > 0) {
            hole = true;
            limit = Mm.TASK_SIZE;
        }
        long cursor = addr;
        for (Vma vma : mm.vmas()) {
            if (Long.compareUnsigned(vma.end(), cursor) <= 0) {
                continue;
            }
            if (Long.compareUnsigned(vma.start(), limit) >= 0) {
                break;
            }
            hole |= Long.compareUnsigned(vma.start(), cursor) > 0;
            if (sync && vma.isShared() && vma.file() instanceof File file && !toSync.contains(file)) {
                file.get();
                toSync.add(file);
            }
            cursor = vma.end();
        }
        return hole || Long.compareUnsigned(cursor, limit) < 0;
    }

    /** A user load at {@code addr}: the page's content version, or SIGSEGV/SIGBUS. */
    public SysResult load(Process process, long addr) {
        return recordSignal(process, UserAccess.load(process.mm(), addr));
    }

    /** A user store of {@code version} at {@code addr} (into the CPU cache): 0, or SIGSEGV/SIGBUS. */
    public SysResult store(Process process, long addr, long version) {
        return recordSignal(process, UserAccess.store(process.mm(), addr, version));
    }

    /** A userspace flush (clwb+sfence) of every page of {@code [addr, addr+len)}: 0, or the first signal. */
    public SysResult flush(Process process, long addr, long lengthBytes) {
        long end = addr + Math.max(lengthBytes, 1);
        for (long page = addr & ~(Mm.PAGE_SIZE - 1); page < end; page += Mm.PAGE_SIZE) {
            SysResult result = recordSignal(process, UserAccess.flush(process.mm(), page));
            if (!result.isOk()) {
                return result;
            }
        }
        return SysResult.ok();
    }

    private static SysResult recordSignal(Process process, SysResult result) {
        if (result instanceof SysResult.Sig sig) {
            process.recordFault(sig.signal() == Signal.SIGBUS ? Signal.SIGBUS : Signal.SIGSEGV);
        }
        return result;
    }
}
