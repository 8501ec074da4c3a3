package io.mapdirect.mm;

import io.mapdirect.kernel.Kernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code struct address_space} as far as mappings go: the VMAs that map a file ({@code i_mmap}),
 * and {@code unmap_mapping_range()} to zap their page-table entries.
 */
public final class AddressSpace {
    private final Kernel kernel;
    private final String owner;
    private final List<Vma> iMmap = new ArrayList<>();

    public AddressSpace(Kernel kernel, String owner) {
        this.kernel = kernel;
        this.owner = owner;
    }

    void link(Vma vma) {
        iMmap.add(vma);
    }

    void unlink(Vma vma) {
        iMmap.remove(vma);
    }

    /** The VMAs mapping this file, in the order they were created. */
    public List<Vma> vmas() {
        return List.copyOf(iMmap);
    }

    /**
     * Mirrors {@code unmap_mapping_range(mapping, holebegin, holelen, even_cows)}: zaps every PTE
     * mapping file bytes {@code [holeBeginBytes, holeBeginBytes + holeLenBytes)} in every VMA of
     * the file; {@code holeLenBytes == 0} means to the end of the file. Used by truncate/punch and by
     * MAP_DIRECT invalidation [04]. The MMU notifiers of each address space hear of the range
     * before its PTEs go.
     *
     * @kernel mm/memory.c unmap_mapping_range()
     */
    public void unmapMappingRange(long holeBeginBytes, long holeLenBytes) {
        long firstPgoff = holeBeginBytes >>> Mm.PAGE_SHIFT;
        long endPgoff;
        if (holeLenBytes == 0) {
            endPgoff = Long.MAX_VALUE;
        } else {
            long lastByte = holeBeginBytes + holeLenBytes - 1;
            endPgoff = lastByte < holeBeginBytes ? Long.MAX_VALUE : (lastByte >>> Mm.PAGE_SHIFT) + 1;
        }
        unmapMappingPages(firstPgoff, endPgoff);
    }

    /**
     * Mirrors {@code unmap_mapping_pages(mapping, start, nr, even_cows)}: zaps every PTE mapping file
     * pages {@code [firstPgoff, endPgoff)} in every VMA of the file, in page units so that no byte
     * offset near 2^63 overflows.
     */
    public void unmapMappingPages(long firstPgoff, long endPgoff) {
        for (Vma vma : List.copyOf(iMmap)) {
            long vmaEndPgoff = vma.pgoff() + vma.pages();
            long from = Math.max(firstPgoff, vma.pgoff());
            long to = Math.min(endPgoff, vmaEndPgoff);
            if (from >= to) {
                continue;
            }
            long firstVpage = Mm.pageOf(vma.start()) + (from - vma.pgoff());
            long endVpage = Mm.pageOf(vma.start()) + (to - vma.pgoff());
            vma.mm().invalidateRange(firstVpage << Mm.PAGE_SHIFT, endVpage << Mm.PAGE_SHIFT, MmuNotifier.Event.CLEAR);
            List<Map.Entry<Long, Pte>> zapped = vma.mm().pageTable().zap(firstVpage, endVpage);
            if (!zapped.isEmpty()) {
                kernel.emit(new MmEvents.PtesZapped(vma.mm().ownerPid(), vma.label(), firstVpage, endVpage, zapped.size()));
            }
        }
    }

    @Override
    public String toString() {
        return "address_space(" + owner + ")";
    }
}
