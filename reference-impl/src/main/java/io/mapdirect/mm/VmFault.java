package io.mapdirect.mm;

/**
 * {@code struct vm_fault}: the VMA, the page-aligned faulting address and whether it is a write.
 * A handler maps the page itself with {@link #install(Pte)} ({@code vmf_insert_mixed()}), while it
 * still holds its locks, and then returns {@link FaultResult.Mapped}.
 */
public record VmFault(Vma vma, long address, boolean write) {
    /** The page offset in the file of the faulting page ({@code vmf->pgoff}). */
    public long pgoff() {
        return vma.pgoff() + (address - vma.start()) / Mm.PAGE_SIZE;
    }

    /**
     * Mirrors {@code vmf_insert_mixed()}/{@code insert_pfn()}: installs the PTE for the faulting page.
     * Replacing a present PTE of another page (a copy-on-write) first tells the MMU notifiers, as
     * {@code wp_page_copy()} does.
     */
    public FaultResult.Mapped install(Pte pte) {
        MmStruct mm = vma.mm();
        long vpage = Mm.pageOf(address);
        Pte old = mm.pageTable().lookup(vpage);
        if (old != null && old.pfn() != pte.pfn()) {
            mm.invalidateRange(address, address + Mm.PAGE_SIZE, MmuNotifier.Event.CLEAR);
        }
        mm.pageTable().install(vpage, pte);
        mm.kernel().emit(new MmEvents.PteInstalled(mm.ownerPid(), vma.label(), vpage, pte.pfn(), pte.writable()));
        return new FaultResult.Mapped(pte);
    }
}
