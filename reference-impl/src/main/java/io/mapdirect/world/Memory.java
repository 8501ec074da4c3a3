package io.mapdirect.world;

import io.mapdirect.hw.Pmem;
import io.mapdirect.mm.PhysicalMemory;

/**
 * The machine's physical memory as one range of 4 KiB frames: the XFS pmem blocks
 * {@code [0, pmemBlocks)}, then the device-dax ranges, then DRAM pages, then one reserved DRAM page
 * (the REMAP variant's scratch page [43]). All of it is backed by one
 * {@link Pmem} (DRAM simply never needs a flush); DRAM pages are handed out once each and never
 * reused, since no invariant is about DRAM.
 */
public final class Memory implements PhysicalMemory {
    private final Pmem pmem;
    private final int dramBase;
    private final int dramEnd;
    private int nextDramPage;

    /** DRAM pages {@code [dramBase, dramEnd)} are handed out; frames from {@code dramEnd} on are reserved. */
    Memory(Pmem pmem, int dramBase, int dramEnd) {
        this.pmem = pmem;
        this.dramBase = dramBase;
        this.dramEnd = dramEnd;
        this.nextDramPage = dramBase;
    }

    public Pmem pmem() {
        return pmem;
    }

    /** First DRAM frame. */
    public int dramBase() {
        return dramBase;
    }

    /** Whether {@code pfn} is a DRAM page rather than persistent memory. */
    public boolean isDram(long pfn) {
        return pfn >= dramBase;
    }

    @Override
    public long cpuLoad(long pfn) {
        return pmem.cpuLoad((int) pfn);
    }

    @Override
    public void cpuStore(long pfn, long version) {
        pmem.cpuStore((int) pfn, version);
    }

    @Override
    public void cpuFlush(long pfn) {
        pmem.cpuFlush((int) pfn);
    }

    /** A DRAM page, or -1 once the {@link WorldConfig#dramPages()} pages are used up (callers fail with ENOMEM, ENOSPC or VM_FAULT_OOM). */
    @Override
    public long allocateDramPage() {
        if (nextDramPage >= dramEnd) {
            return -1;
        }
        return nextDramPage++;
    }

    /** DRAM pages handed out so far. */
    public int dramPagesUsed() {
        return nextDramPage - dramBase;
    }
}
