package io.mapdirect.mm;

/** {@code struct vm_fault}: the VMA, the faulting address and whether it is a write. */
public record VmFault(Vma vma, long address, boolean write) {
    /** The page offset in the file of the faulting page ({@code vmf->pgoff}). */
    public long pgoff() {
        return vma.pgoff() + (address - vma.start()) / Mm.PAGE_SIZE;
    }
}
