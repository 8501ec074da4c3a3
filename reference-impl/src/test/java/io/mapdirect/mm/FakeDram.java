package io.mapdirect.mm;

/**
 * Physical memory for tests of a page cache: every load reads 0, stores and flushes are dropped, and
 * each DRAM allocation hands out {@code next} (a frame, or -1 for exhausted DRAM) and is counted.
 */
public final class FakeDram implements PhysicalMemory {
    /** What the next allocation returns. */
    public long next;
    /** How many allocations were asked for. */
    public int allocations;

    public FakeDram(long next) {
        this.next = next;
    }

    @Override
    public long cpuLoad(long pfn) {
        return 0;
    }

    @Override
    public void cpuStore(long pfn, long version) {
    }

    @Override
    public void cpuFlush(long pfn) {
    }

    @Override
    public long allocateDramPage() {
        allocations++;
        return next;
    }
}
