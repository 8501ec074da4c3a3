package io.mapdirect.mm;

import io.mapdirect.kernel.KEvent;

/** Events of the memory-management layer. */
public final class MmEvents {
    private MmEvents() {
    }

    /** PTEs of pages {@code [firstVpage, endVpage)} of a VMA were zapped. */
    public record PtesZapped(int pid, String vma, long firstVpage, long endVpage, int count) implements KEvent { }

    /** A VMA came into being (mmap, split, fork). */
    public record VmaCreated(int pid, String vma, String file, String how) implements KEvent { }

    /** A VMA went away (munmap, exit). */
    public record VmaRemoved(int pid, String vma, String file) implements KEvent { }

    /** A fault installed a PTE. */
    public record PteInstalled(int pid, String vma, long vpage, long pfn, boolean writable) implements KEvent { }

    /**
     * A {@code ->fault} handler returned: {@code result} is the kind of {@code VM_FAULT_*} answer,
     * with the handler's reason; {@code ops} names the VMA's operations ({@code xfs_file_vm_direct_ops}...).
     */
    public record FaultHandled(int pid, String vma, String ops, long address, boolean write, FaultKind result,
                               String reason) implements KEvent { }

    /** The kinds of {@link FaultResult}, for events (their names are what timelines print). */
    public enum FaultKind {
        MAPPED, SIGBUS, RETRY, OOM
    }

    /**
     * A page was pinned ({@code delta} +1, {@code get_user_pages}) or unpinned (-1, {@code put_page});
     * {@code pins} is the new count.
     */
    public record PagePinned(long pfn, int delta, int pins, boolean longTerm) implements KEvent { }
}
