package io.mapdirect.mm;

/**
 * The CPU's view of physical memory (persistent memory blocks and DRAM pages), as the fault path
 * and user accesses need it. The world wires it to the hardware model.
 */
public interface PhysicalMemory {
    /** A load: the content version the CPU sees (its dirty cache line, else memory). */
    long cpuLoad(long pfn);

    /** A store: lands in the CPU cache, not yet durable on persistent memory. */
    void cpuStore(long pfn, long version);

    /** {@code clwb}+{@code sfence} of the block: makes a dirty line durable. */
    void cpuFlush(long pfn);

    /**
     * Allocates a zeroed DRAM page (page cache, anonymous memory); never a pmem block. Returns -1 when
     * DRAM is exhausted: the caller fails as the kernel does when {@code alloc_page()} returns NULL
     * (ENOMEM or ENOSPC from a call, {@code VM_FAULT_OOM} from a fault).
     */
    long allocateDramPage();
}
