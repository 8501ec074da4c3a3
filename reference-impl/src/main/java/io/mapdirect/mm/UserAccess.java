package io.mapdirect.mm;

import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;

/**
 * Loads, stores and cache-line flushes by a user process through its address space: the
 * {@code handle_mm_fault()} path. A missing or forbidden VMA gives SIGSEGV; a handler's
 * {@code VM_FAULT_SIGBUS} gives SIGBUS; {@code VM_FAULT_RETRY} (the handler dropped the mmap lock
 * to sleep) retries the access. Model choice: {@code VM_FAULT_OOM} is delivered as SIGBUS too (the
 * kernel would invoke the OOM killer, which the model does not have; the access fails either way).
 */
public final class UserAccess {
    private UserAccess() {
    }

    /** A user load of one page's content version at {@code address}. */
    public static SysResult load(MmStruct mm, long address) {
        return access(mm, address, false, Access.LOAD, 0);
    }

    /** A user store of {@code version} to the page at {@code address} (lands in the CPU cache). */
    public static SysResult store(MmStruct mm, long address, long version) {
        return access(mm, address, true, Access.STORE, version);
    }

    /** A user {@code clwb}+{@code sfence} of the page at {@code address}; faults it in like a load. */
    public static SysResult flush(MmStruct mm, long address) {
        return access(mm, address, false, Access.FLUSH, 0);
    }

    private enum Access { LOAD, STORE, FLUSH }

    private static SysResult access(MmStruct mm, long address, boolean write, Access kind, long version) {
        long vpage = Mm.pageOf(address);
        while (true) {
            mm.mmapLock().downRead();
            Resolution resolution = resolve(mm, address, write);
            if (resolution.retry) {
                continue; // the handler dropped the mmap lock
            }
            try {
                if (resolution.signal != null) {
                    return SysResult.signal(resolution.signal);
                }
                // The CPU retries the instruction: it uses the PTE as it is now (a zap that raced
                // with the end of the fault makes it fault again).
                Pte pte = mm.pageTable().lookup(vpage);
                if (pte == null || (write && !pte.writable())) {
                    continue;
                }
                return SysResult.value(perform(mm, pte, kind, version));
            } finally {
                mm.mmapLock().upRead();
            }
        }
    }

    private static long perform(MmStruct mm, Pte pte, Access kind, long version) {
        PhysicalMemory memory = mm.physicalMemory();
        return switch (kind) {
            case LOAD -> pte.isZeroPage() ? 0 : memory.cpuLoad(pte.pfn());
            case STORE -> {
                memory.cpuStore(pte.pfn(), version);
                yield 0;
            }
            case FLUSH -> {
                if (!pte.isZeroPage()) {
                    memory.cpuFlush(pte.pfn());
                }
                yield 0;
            }
        };
    }

    /**
     * How one page's fault ended: the PTE to use, or the signal the access raises ({@code oom} when
     * the handler said {@code VM_FAULT_OOM}), or a retry with the mmap lock already dropped.
     */
    record Resolution(Pte pte, Signal signal, boolean retry, boolean oom) {
        Resolution(Pte pte, Signal signal, boolean retry) {
            this(pte, signal, retry, false);
        }
    }

    /**
     * Mirrors {@code handle_mm_fault()} for one page, with the mmap lock held for read: returns the
     * PTE to use, a signal, or a retry (lock already dropped by the handler).
     *
     * @kernel mm/memory.c handle_mm_fault()
     * @departure bookkeeping VM_FAULT_OOM is delivered as SIGBUS: the model has no OOM killer; the access fails either way
     */
    private static Resolution resolve(MmStruct mm, long address, boolean write) {
        Vma vma = mm.findVma(address);
        if (vma == null || (write ? !vma.isWritable() : !vma.isReadable())) {
            return new Resolution(null, Signal.SIGSEGV, false);
        }
        long vpage = Mm.pageOf(address);
        Pte present = mm.pageTable().lookup(vpage);
        if (present != null && (!write || present.writable())) {
            return new Resolution(present, null, false);
        }
        boolean privateWrite = write && !vma.isShared() && vma.file() != null;
        VmFault vmf = new VmFault(vma, address & ~(Mm.PAGE_SIZE - 1), write && !privateWrite);
        FaultResult result = vma.ops().fault(vmf);
        mm.kernel().emit(new MmEvents.FaultHandled(mm.ownerPid(), vma.label(), vma.ops().name(), vmf.address(),
                vmf.write(), kindOf(result), reasonOf(result)));
        return switch (result) {
            case FaultResult.Mapped mapped -> {
                Pte pte = mapped.pte();
                if (privateWrite) {
                    Pte copy = copyOnWrite(mm, pte);
                    if (copy == null) {
                        yield new Resolution(null, Signal.SIGBUS, false, true);
                    }
                    pte = vmf.install(copy).pte();
                }
                yield new Resolution(pte, null, false);
            }
            case FaultResult.Sigbus sigbus -> new Resolution(null, Signal.SIGBUS, false);
            case FaultResult.Oom oom -> new Resolution(null, Signal.SIGBUS, false, true);
            case FaultResult.Retry retry -> new Resolution(null, null, true);
        };
    }

    private static MmEvents.FaultKind kindOf(FaultResult result) {
        return switch (result) {
            case FaultResult.Mapped m -> MmEvents.FaultKind.MAPPED;
            case FaultResult.Sigbus s -> MmEvents.FaultKind.SIGBUS;
            case FaultResult.Retry r -> MmEvents.FaultKind.RETRY;
            case FaultResult.Oom o -> MmEvents.FaultKind.OOM;
        };
    }

    private static String reasonOf(FaultResult result) {
        return switch (result) {
            case FaultResult.Mapped m -> "pfn " + m.pte().pfn();
            case FaultResult.Sigbus s -> s.reason();
            case FaultResult.Retry r -> r.reason();
            case FaultResult.Oom o -> "VM_FAULT_OOM";
        };
    }

    /**
     * Mirrors {@code do_cow_fault()}: a write to a private file mapping copies the file's page into a
     * new anonymous DRAM page; the file is never written. Null when DRAM is exhausted
     * ({@code VM_FAULT_OOM}).
     */
    private static Pte copyOnWrite(MmStruct mm, Pte filePage) {
        PhysicalMemory memory = mm.physicalMemory();
        long copy = memory.allocateDramPage();
        if (copy < 0) {
            return null;
        }
        memory.cpuStore(copy, filePage.isZeroPage() ? 0 : memory.cpuLoad(filePage.pfn()));
        return new Pte(copy, true);
    }

    /**
     * Faults one page in for {@code get_user_pages()} ({@code faultin_page()}): the same path as a
     * user access, with the mmap lock held for read by the caller. A retry comes back with the lock
     * dropped by the handler.
     */
    static Resolution faultIn(MmStruct mm, long address, boolean write) {
        return resolve(mm, address, write);
    }
}
