package io.mapdirect.mm;

/** Memory-management constants ({@code PAGE_SIZE}, {@code VM_*} flags). */
public final class Mm {
    public static final long PAGE_SIZE = 4096;
    public static final int PAGE_SHIFT = 12;

    public static final int VM_READ = 0x1;
    public static final int VM_WRITE = 0x2;
    public static final int VM_EXEC = 0x4;
    public static final int VM_SHARED = 0x8;
    public static final int VM_MAYREAD = 0x10;
    public static final int VM_MAYWRITE = 0x20;
    public static final int VM_MAYEXEC = 0x40;
    public static final int VM_MAYSHARE = 0x80;
    public static final int VM_MIXEDMAP = 0x10000000;
    public static final int VM_HUGEPAGE = 0x20000000;
    /** {@code VM_SYNC}: synchronous page faults (MAP_SYNC). */
    public static final int VM_SYNC = 0x800000;

    private Mm() {
    }

    public static boolean pageAligned(long value) {
        return (value & (PAGE_SIZE - 1)) == 0;
    }

    /** {@code PAGE_ALIGN}. */
    public static long pageAlign(long value) {
        return (value + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    }

    public static long pageOf(long address) {
        return address >>> PAGE_SHIFT;
    }

    /**
     * Pages needed to hold {@code bytes} bytes, {@code DIV_ROUND_UP(bytes, PAGE_SIZE)} without the
     * overflow of {@code PAGE_ALIGN} near 2^63: what the beyond-EOF checks of the fault paths compare
     * a (possibly huge, unsigned) page offset with. 0 for a non-positive size.
     */
    public static long pagesFor(long bytes) {
        return bytes <= 0 ? 0 : ((bytes - 1) >>> PAGE_SHIFT) + 1;
    }

    /** {@code TASK_SIZE} of x86-64 with 4-level page tables: user addresses lie below it. */
    public static final long TASK_SIZE = (1L << 47) - PAGE_SIZE;

    /**
     * Whether {@code [start, start + lengthBytes)}, page-aligned, lies inside the user address space,
     * with both read as unsigned as the kernel does ({@code start > TASK_SIZE || len > TASK_SIZE - start}).
     */
    public static boolean userRange(long start, long lengthBytes) {
        return Long.compareUnsigned(start, TASK_SIZE) <= 0 && Long.compareUnsigned(lengthBytes, TASK_SIZE - start) <= 0;
    }
}
