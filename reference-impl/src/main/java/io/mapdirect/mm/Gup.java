package io.mapdirect.mm;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.TestFault;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code get_user_pages()} ({@code mm/gup.c}): finds, faulting in where needed, the physical page
 * behind each user page of a range and takes a pin on it in {@link PagePins}, for RDMA registration
 * (a long-term pin, {@code FOLL_LONGTERM}) and O_DIRECT-like transfers (a short-term pin). The
 * caller holds the mmap lock for read; a fault handler that must sleep drops it
 * ({@code VM_FAULT_RETRY}), and the walk retakes it.
 *
 * <p>Model choices. The kernel forbids asking for the VMAs when faults may drop the lock
 * ({@code BUG_ON(vmas)} in 4.14's {@code __get_user_pages_locked()}); the model returns each page's
 * VMA, so after a retry it drops the pins it took and walks the range again from the start under the
 * retaken lock, which keeps every returned VMA valid for the caller's lock hold. The model has no
 * frame for the shared zero page, so a page that maps it (a read of a DAX hole) fails with EFAULT
 * instead of pinning it.
 */
public final class Gup {
    /** {@code FOLL_WRITE}: fault for write and require a writable mapping. */
    public static final int FOLL_WRITE = 0x01;
    /** {@code FOLL_LONGTERM}: the pin may last indefinitely (RDMA registration). */
    public static final int FOLL_LONGTERM = 0x10000;

    /** One user page found by the walk: its address, the physical page, whether the PTE is writable, and its VMA. */
    public record UserPage(long address, long pfn, boolean writable, Vma vma) { }

    private final Kernel kernel;
    private final PagePins pins;

    public Gup(Kernel kernel, PagePins pins) {
        this.kernel = kernel;
        this.pins = pins;
    }

    public PagePins pins() {
        return pins;
    }

    /**
     * Mirrors {@code get_user_pages(start, nr_pages, gup_flags, pages, vmas)}: pins the {@code npages}
     * pages from the page-aligned {@code start} and returns them with their VMAs. Errors: EFAULT for a
     * missing VMA, a write to a read-only VMA or a read of an unreadable one, or a fault that raised
     * SIGBUS or SIGSEGV; ENOMEM for {@code VM_FAULT_OOM}; with {@code FOLL_LONGTERM} under
     * {@link Policy.LongTermPin#REFUSE_FS_DAX} (merged Linux, {@code check_vma_flags()}), EOPNOTSUPP
     * for an fs-DAX VMA (device-dax is allowed). On error no pin of this call remains. Called and
     * returns with {@code mm}'s mmap lock held for read.
     *
     * @kernel mm/gup.c get_user_pages()
     * @departure bookkeeping the VMAs are returned even where a fault may drop the mmap lock (BUG_ON(vmas) in 4.14): after a retry
     *     the walk drops its pins and starts again under the retaken lock, so every VMA it returns is valid
     * @departure bookkeeping the shared zero page has no frame: a pin of a DAX hole without FOLL_WRITE fails with EFAULT; a
     *     registration with write access allocates instead, as in 4.14
     */
    public KResult<List<UserPage>> getUserPages(MmStruct mm, long start, long npages, int gupFlags) {
        List<UserPage> pinned = new ArrayList<>();
        boolean longTerm = (gupFlags & FOLL_LONGTERM) != 0;
        for (long i = 0; i < npages; i++) {
            long address = start + i * Mm.PAGE_SIZE;
            Walk walk = findPage(mm, address, gupFlags);
            if (walk.retried) {
                kernel.probes().hit("get_user_pages retried after the fault dropped mmap_sem");
                putPages(pinned, longTerm);
                pinned.clear();
                i = -1;
                continue;
            }
            if (walk.error != null) {
                if (!kernel.testFault(TestFault.GUP_ERROR_KEEPS_PINS)) {
                    putPages(pinned, longTerm);
                }
                return KResult.err(walk.error);
            }
            pins.pin(walk.page.pfn(), longTerm);
            pinned.add(walk.page);
        }
        return KResult.ok(pinned);
    }

    /** Mirrors {@code put_page()} / {@code unpin_user_pages()} of every page of {@code pages}. */
    public void putPages(List<UserPage> pages, boolean longTerm) {
        for (UserPage page : pages) {
            pins.unpin(page.pfn(), longTerm);
        }
    }

    /**
     * Faults in the page at {@code address} without pinning it, as an ODP page fault resolves a
     * device access ({@code hmm_range_fault()}; 4.14's ODP path uses {@code get_user_pages_remote()}
     * and drops the page at once). Same errors as {@link #getUserPages}; called and returns with the
     * mmap lock held for read, retaking it if the fault dropped it.
     */
    public KResult<UserPage> faultInPage(MmStruct mm, long address, boolean write) {
        while (true) {
            Walk walk = findPage(mm, address & ~(Mm.PAGE_SIZE - 1), write ? FOLL_WRITE : 0);
            if (walk.retried) {
                continue;
            }
            return walk.error != null ? KResult.err(walk.error) : KResult.ok(walk.page);
        }
    }

    private record Walk(UserPage page, Errno error, boolean retried) { }

    /**
     * The {@code __get_user_pages()} loop for one page: {@code check_vma_flags()}, then
     * {@code follow_page_mask()}, faulting in ({@code faultin_page()}) and looking again until a
     * present PTE with the needed permission is found.
     */
    private Walk findPage(MmStruct mm, long address, int gupFlags) {
        boolean write = (gupFlags & FOLL_WRITE) != 0;
        while (true) {
            Vma vma = mm.findVma(address);
            Errno refused = checkVmaFlags(vma, gupFlags);
            if (refused != null) {
                return new Walk(null, refused, false);
            }
            Pte pte = mm.pageTable().lookup(Mm.pageOf(address));
            if (pte != null && (!write || pte.writable())) {
                if (pte.isZeroPage()) {
                    return new Walk(null, Errno.EFAULT, false);
                }
                return new Walk(new UserPage(address, pte.pfn(), pte.writable(), vma), null, false);
            }
            UserAccess.Resolution resolution = UserAccess.faultIn(mm, address, write);
            if (resolution.retry()) {
                mm.mmapLock().downRead();
                return new Walk(null, null, true);
            }
            if (resolution.signal() != null) {
                return new Walk(null, resolution.oom() ? Errno.ENOMEM : Errno.EFAULT, false);
            }
        }
    }

    /**
     * Mirrors {@code check_vma_flags()} with the merged kernel's FOLL_LONGTERM rule for fs-DAX.
     *
     * @kernel mm/gup.c check_vma_flags()
     * @departure bookkeeping the FOLL_LONGTERM refusal of fs-DAX applies in the merged-Linux design only (REFUSE_FS_DAX); the posted
     *     designs never reach it
     */
    private Errno checkVmaFlags(Vma vma, int gupFlags) {
        if (vma == null) {
            return Errno.EFAULT;
        }
        boolean write = (gupFlags & FOLL_WRITE) != 0;
        if (write ? !vma.isWritable() : !vma.isReadable()) {
            return Errno.EFAULT;
        }
        if ((gupFlags & FOLL_LONGTERM) != 0 && vma.isFsDax()
                && kernel.policy().longTermPin() == Policy.LongTermPin.REFUSE_FS_DAX) {
            kernel.probes().hit("long-term pin of fs-DAX refused");
            return Errno.EOPNOTSUPP;
        }
        return null;
    }
}
