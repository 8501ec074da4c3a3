package io.mapdirect.hw;

import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Oops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Persistent memory (spec §2.1): {@code N} blocks of {@link #PAGE_SIZE} bytes. Block {@code b} sits
 * at physical address {@code b << PAGE_SHIFT}. Each block holds a durable content version; a CPU
 * store lands in a CPU cache line that is durable only after {@link #cpuFlush} (clwb+sfence) [00],
 * while a DMA write is durable when it completes. Versions are opaque longs chosen by the caller
 * (0 = never written). An out-of-range block is a bug in the model's caller: it oopses with BUG.
 */
public final class Pmem {
    /** Page and block size in bytes. */
    public static final int PAGE_SIZE = 4096;
    /** {@code log2(PAGE_SIZE)}. */
    public static final int PAGE_SHIFT = 12;
    /** {@code PAGE_MASK}: clears the offset within a page. */
    public static final long PAGE_MASK = ~((long) PAGE_SIZE - 1);

    private final Kernel kernel;
    private final long[] durable;
    private final long[] cacheLine;
    private final boolean[] dirty;

    /** Persistent memory of {@code blocks} blocks, every one durable at version 0. */
    public Pmem(Kernel kernel, int blocks) {
        Oops.bugOn(blocks < 1, "pmem_init", "pmem needs at least one block, got " + blocks);
        this.kernel = kernel;
        this.durable = new long[blocks];
        this.cacheLine = new long[blocks];
        this.dirty = new boolean[blocks];
    }

    /** Persistent memory sized by {@link io.mapdirect.kernel.KernelConfig#pmemBlocks()}. */
    public static Pmem fromConfig(Kernel kernel) {
        return new Pmem(kernel, kernel.config().pmemBlocks());
    }

    /** Number of blocks. */
    public int blocks() {
        return durable.length;
    }

    /** Whether {@code block} exists. */
    public boolean contains(long block) {
        return block >= 0 && block < durable.length;
    }

    /** Physical address of the first byte of {@code block}. */
    public static long physAddress(int block) {
        return (long) block << PAGE_SHIFT;
    }

    /** A CPU store through a mapping: lands in the CPU cache, not yet durable. */
    public void cpuStore(int block, long version) {
        check(block, "pmem_cpu_store");
        cacheLine[block] = version;
        dirty[block] = true;
        kernel.emit(new PmemEvent.CpuStored(block, version));
    }

    /** {@code clwb} + {@code sfence} on the block's line: a dirty line becomes durable [00]. */
    public void cpuFlush(int block) {
        check(block, "pmem_cpu_flush");
        if (dirty[block]) {
            durable[block] = cacheLine[block];
            dirty[block] = false;
            kernel.emit(new PmemEvent.CacheLineFlushed(block, durable[block]));
        }
    }

    /** A CPU load: the dirty cache line if any, else the durable content. */
    public long cpuLoad(int block) {
        check(block, "pmem_cpu_load");
        return dirty[block] ? cacheLine[block] : durable[block];
    }

    /**
     * A DMA write, durable when it completes. DMA on x86 is cache-coherent: the write snoops and
     * invalidates the CPU's line for the block, so a dirty line older than the DMA is dropped.
     */
    public void dmaWrite(int block, long version) {
        check(block, "pmem_dma_write");
        if (dirty[block]) {
            dirty[block] = false;
            kernel.probes().hit("DMA dropped a dirty CPU line");
        }
        durable[block] = version;
    }

    /** A DMA read. Coherent: it sees a dirty CPU line, as x86 DMA snoops the caches. */
    public long dmaRead(int block) {
        check(block, "pmem_dma_read");
        return dirty[block] ? cacheLine[block] : durable[block];
    }

    /** Power failure: every line not yet flushed is lost. Returns the blocks that lost a store. */
    public List<Integer> crash() {
        List<Integer> lost = new ArrayList<>();
        for (int block = 0; block < durable.length; block++) {
            if (dirty[block]) {
                dirty[block] = false;
                lost.add(block);
            }
        }
        Arrays.fill(cacheLine, 0L);
        kernel.emit(new PmemEvent.Crashed(List.copyOf(lost)));
        return lost;
    }

    /** What survives a crash now: for checkers. */
    public long durableVersion(int block) {
        check(block, "pmem_durable_version");
        return durable[block];
    }

    /** Whether the block has a CPU store not yet flushed. */
    public boolean isDirty(int block) {
        check(block, "pmem_is_dirty");
        return dirty[block];
    }

    private void check(int block, String where) {
        if (!contains(block)) {
            throw new Oops(Oops.Kind.BUG, where, "pmem block " + block + " outside 0.." + (durable.length - 1));
        }
    }
}
