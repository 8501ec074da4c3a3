package io.mapdirect.mm;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.TestFault;
import io.mapdirect.sim.SimRwSemaphore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code struct mm_struct}: one process's VMAs (ordered by start), page tables and mmap lock, with
 * the VMA surgery of {@code mm/mmap.c} and {@code mm/mprotect.c}: creating a mapping, splitting,
 * unmapping, changing protection, duplicating at fork and tearing down at exit. Callers hold
 * {@link #mmapLock()} for write around surgery and for read around faults, as the kernel does.
 */
public final class MmStruct {
    /** Lowest address handed out by {@link #getUnmappedArea(long)}. */
    public static final long MMAP_BASE = 0x10000000L;

    private final Kernel kernel;
    private final int ownerPid;
    private final TreeMap<Long, Vma> vmas = new TreeMap<>();
    private final PageTable pageTable = new PageTable();
    private final SimRwSemaphore mmapLock;
    private final PhysicalMemory physicalMemory;
    private final List<MmuNotifier> notifiers = new ArrayList<>();

    public MmStruct(Kernel kernel, PhysicalMemory physicalMemory, int ownerPid) {
        this.kernel = kernel;
        this.physicalMemory = physicalMemory;
        this.ownerPid = ownerPid;
        this.mmapLock = new SimRwSemaphore(kernel.sim(), "mmap_sem(pid " + ownerPid + ")");
    }

    public Kernel kernel() {
        return kernel;
    }

    public int ownerPid() {
        return ownerPid;
    }

    public PhysicalMemory physicalMemory() {
        return physicalMemory;
    }

    public PageTable pageTable() {
        return pageTable;
    }

    /** {@code mm->mmap_sem}. */
    public SimRwSemaphore mmapLock() {
        return mmapLock;
    }

    /** Mirrors {@code mmu_notifier_register()}: {@code notifier} hears of every later invalidation of this mm. */
    public void registerNotifier(MmuNotifier notifier) {
        notifiers.add(notifier);
    }

    /** Mirrors {@code mmu_notifier_unregister()}. */
    public void unregisterNotifier(MmuNotifier notifier) {
        notifiers.remove(notifier);
    }

    /**
     * Mirrors {@code mmu_notifier_invalidate_range_start()}: tells every registered notifier, in
     * registration order, that the PTEs of {@code [startAddr, endAddr)} are about to change. Called
     * by every path that clears or write-protects PTEs, right before it does, with no yield between.
     */
    void invalidateRange(long startAddr, long endAddr, MmuNotifier.Event event) {
        for (MmuNotifier notifier : List.copyOf(notifiers)) {
            notifier.invalidateRange(this, startAddr, endAddr, event);
        }
    }

    /** Every VMA, by start address. */
    public List<Vma> vmas() {
        return new ArrayList<>(vmas.values());
    }

    /** Mirrors {@code find_vma()} restricted to VMAs containing {@code address}; null if none. */
    public Vma findVma(long address) {
        Map.Entry<Long, Vma> entry = vmas.floorEntry(address);
        return entry != null && entry.getValue().contains(address) ? entry.getValue() : null;
    }

    /**
     * Mirrors {@code get_unmapped_area()}: the lowest gap of {@code length} bytes at or above
     * {@link #MMAP_BASE} (first fit, so freed ranges are reused at once). Returns -ENOMEM if none.
     */
    public long getUnmappedArea(long length) {
        long candidate = MMAP_BASE;
        for (Vma vma : vmas.values()) {
            if (vma.start() >= candidate + length) {
                break;
            }
            candidate = Math.max(candidate, vma.end());
        }
        return candidate + length < 0 ? Errno.ENOMEM.negative() : candidate;
    }

    /** Whether {@code [start, end)} overlaps an existing VMA. */
    public boolean overlaps(long start, long end) {
        Map.Entry<Long, Vma> below = vmas.lowerEntry(end);
        return below != null && below.getValue().end() > start;
    }

    /**
     * Mirrors {@code mmap_region()} [01] [02]: creates the VMA for {@code [address, address+length)},
     * takes a file reference and calls the file's mmap hook with the original flags and fd; on
     * failure unwinds. Allocating the VMA ({@code vm_area_alloc}) can fail (-ENOMEM). Returns the
     * address or -errno. The caller validated flags and holds the mmap lock for write.
     *
     * @kernel mm/mmap.c mmap_region() [01] [02]
     * @departure bookkeeping VMAs are never merged with their neighbours (vma_merge()): a MAP_DIRECT VMA has ->close and is never
     *     merged in 4.14 either; for the others a merge changes only how a range is cut into VMAs
     */
    public long mmapRegion(VmFile file, long address, long length, int vmFlags, long pgoff, long mapFlags, int fd) {
        if (!kernel.kmem().alloc("vm_area_alloc")) {
            return Errno.ENOMEM.negative();
        }
        Vma vma = new Vma(this, address, address + length, pgoff, vmFlags, file);
        if (file != null) {
            file.get();
            int error = file.mmap(vma, mapFlags, fd);
            if (error != 0) {
                file.put();
                kernel.kmem().kfree(vma, "mmap_region: vm_area_free");
                return error;
            }
            file.mapping().link(vma);
        } else {
            vma.setOps(AnonymousMemory.OPS);
        }
        insert(vma, "mmap");
        return address;
    }

    void insert(Vma vma, String how) {
        vmas.put(vma.start(), vma);
        kernel.emit(new MmEvents.VmaCreated(ownerPid, vma.label(), vma.file() == null ? "anon" : vma.file().name(), how));
    }

    /**
     * Mirrors {@code do_munmap()}: EINVAL for an unaligned start, a range outside the user address
     * space (addresses and lengths unsigned, as in the kernel) or a zero length; then splits VMAs at
     * the edges of {@code [start, start+length)} (a split allocates a VMA, which can fail: -ENOMEM)
     * and removes what lies inside (zapping PTEs, calling {@code ->close}, dropping the file).
     *
     * @kernel mm/mmap.c do_munmap()
     */
    public int munmap(long start, long length) {
        if (!Mm.pageAligned(start) || !Mm.userRange(start, length)) {
            return Errno.EINVAL.negative();
        }
        long alignedLength = Mm.pageAlign(length);
        if (alignedLength == 0) {
            return Errno.EINVAL.negative();
        }
        long end = start + alignedLength;
        int error = splitAt(start, false);
        if (error == 0) {
            error = splitAt(end, true);
        }
        if (error != 0) {
            return error;
        }
        for (Vma vma : List.copyOf(vmas.subMap(start, end).values())) {
            removeVma(vma);
        }
        return 0;
    }

    /**
     * Mirrors {@code do_mprotect_pkey()} and {@code mprotect_fixup()} in the kernel's order: EINVAL
     * for an unaligned start, 0 for a zero length, ENOMEM when the page-aligned end wraps (unsigned)
     * or part of the range is unmapped; adding write to a shared file mapping whose file is not open
     * for writing fails with EACCES (no VM_MAYWRITE). Then splits at the edges (a split can fail:
     * -ENOMEM) and changes the protection of the VMAs inside; downgrades write-protect the PTEs.
     */
    public int mprotect(long start, long length, boolean read, boolean write) {
        if (!Mm.pageAligned(start)) {
            return Errno.EINVAL.negative();
        }
        if (length == 0) {
            return 0;
        }
        long end = start + Mm.pageAlign(length);
        if (Long.compareUnsigned(end, start) <= 0 || !coveredWithoutHoles(start, end)) {
            return Errno.ENOMEM.negative();
        }
        for (Vma vma : vmas.subMap(findVma(start).start(), true, end, false).values()) {
            if (write && (vma.vmFlags() & Mm.VM_MAYWRITE) == 0) {
                return Errno.EACCES.negative();
            }
        }
        int error = splitAt(start, true);
        if (error == 0) {
            error = splitAt(end, false);
        }
        if (error != 0) {
            return error;
        }
        for (Vma vma : vmas.subMap(start, end).values()) {
            int flags = vma.vmFlags() & ~(Mm.VM_READ | Mm.VM_WRITE);
            flags |= (read ? Mm.VM_READ : 0) | (write ? Mm.VM_WRITE : 0);
            vma.setVmFlags(flags);
            if (!write) {
                invalidateRange(vma.start(), vma.end(), MmuNotifier.Event.PROTECTION_VMA);
                pageTable.writeProtect(Mm.pageOf(vma.start()), Mm.pageOf(vma.end()));
            }
            if (!read && !write) {
                pageTable.zap(Mm.pageOf(vma.start()), Mm.pageOf(vma.end()));
            }
        }
        return 0;
    }

    /** Whether VMAs cover {@code [start, end)} (unsigned) without a hole; a range beyond TASK_SIZE never is. */
    private boolean coveredWithoutHoles(long start, long end) {
        if (Long.compareUnsigned(end, Mm.TASK_SIZE) > 0) {
            return false;
        }
        long cursor = start;
        while (cursor < end) {
            Vma vma = findVma(cursor);
            if (vma == null) {
                return false;
            }
            cursor = vma.end();
        }
        return true;
    }

    /**
     * Mirrors {@code __split_vma(mm, vma, addr, new_below)}: if a VMA straddles {@code address}, a
     * new VMA (a copy calling {@code ->open}) takes the part below {@code address} when
     * {@code newBelow}, else the part above, and the existing VMA keeps the rest. Which one is new
     * matters to code that keeps a VMA pointer ({@code mds->mds_vma} [04]): the kernel's callers pass
     * {@code new_below} as {@code do_munmap()} (0 at the start, 1 at the end) and
     * {@code mprotect_fixup()} (1 at the start, 0 at the end) do. Allocating the new VMA can fail:
     * -ENOMEM, nothing changed. Returns 0 otherwise.
     *
     * @kernel mm/mmap.c __split_vma()
     */
    int splitAt(long address, boolean newBelow) {
        Vma vma = findVma(address);
        if (vma == null || vma.start() == address) {
            return 0;
        }
        if (!kernel.kmem().alloc("vm_area_dup")) {
            return Errno.ENOMEM.negative();
        }
        Vma created = new Vma(this, vma);
        long delta = (address - vma.start()) / Mm.PAGE_SIZE;
        if (newBelow) {
            created.setRange(vma.start(), address, vma.pgoff());
            vmas.remove(vma.start());
            vma.setRange(address, vma.end(), vma.pgoff() + delta);
            vmas.put(vma.start(), vma);
        } else {
            created.setRange(address, vma.end(), vma.pgoff() + delta);
            vma.setRange(vma.start(), address, vma.pgoff());
        }
        if (created.file() != null) {
            created.file().get();
            created.file().mapping().link(created);
        }
        if (created.ops() != null && !kernel.testFault(TestFault.SPLIT_VMA_NO_OPEN)) {
            created.ops().open(created);
        }
        insert(created, "split");
        return 0;
    }

    /** Mirrors {@code remove_vma()} after {@code unmap_region()}: zap, {@code ->close}, {@code fput}. */
    private void removeVma(Vma vma) {
        vmas.remove(vma.start());
        invalidateRange(vma.start(), vma.end(), MmuNotifier.Event.UNMAP);
        pageTable.zap(Mm.pageOf(vma.start()), Mm.pageOf(vma.end()));
        if (vma.file() != null) {
            vma.file().mapping().unlink(vma);
        }
        kernel.emit(new MmEvents.VmaRemoved(ownerPid, vma.label(), vma.file() == null ? "anon" : vma.file().name()));
        if (vma.ops() != null) {
            vma.ops().close(vma);
        }
        if (vma.file() != null) {
            vma.file().put();
        }
        kernel.kmem().kfree(vma, "remove_vma: vm_area_free");
    }

    /**
     * Mirrors {@code dup_mmap()} at fork: every VMA is copied into {@code child} with a file
     * reference and {@code ->open}. The child's page tables start empty: shared file mappings are
     * refaulted (the model's choice; the kernel may copy DAX PTEs, which changes no invariant).
     * Model choice: private and anonymous pages are not copied either, so the child reads a
     * private page as the file (or zeros) shows it now, not as the parent's copy-on-write copy;
     * no invariant is about private DRAM pages. The VMA copies cannot fail (fork is not a call
     * whose error paths the seed touches).
     *
     * @kernel kernel/fork.c dup_mmap()
     * @departure bookkeeping the child's page tables start empty and private pages are not copied: the child refaults shared file
     *     pages (4.14 may copy them, the same pages) and reads private ones as the file shows them now; no
     *     invariant is about private DRAM pages
     */
    public void dupInto(MmStruct child) {
        for (Vma vma : vmas.values()) {
            if (child.physicalMemory != physicalMemory) {
                throw new IllegalArgumentException("fork across machines");
            }
            Vma copy = new Vma(child, vma);
            if (copy.file() != null) {
                if (!kernel.testFault(TestFault.FORK_NO_GET_FILE)) {
                    copy.file().get();
                }
                copy.file().mapping().link(copy);
            }
            if (copy.ops() != null) {
                copy.ops().open(copy);
            }
            child.insert(copy, "fork");
        }
    }

    /**
     * Mirrors {@code exit_mmap()}: removes every VMA.
     *
     * @kernel mm/mmap.c exit_mmap()
     */
    public void exitMmap() {
        for (Vma vma : List.copyOf(vmas.values())) {
            removeVma(vma);
        }
    }
}
