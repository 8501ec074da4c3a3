package io.mapdirect.mm;

import java.util.List;

/**
 * The process and machine facts mmap's checks read besides the file: address-space limits, the
 * credentials and rlimits of {@code current}, and the hugetlb pools.
 *
 * @param taskSizeBytes        {@code TASK_SIZE}: top of the user address space (x86-64, 4-level: 2^47 - 4096)
 * @param mmapMinAddr          {@code /proc/sys/vm/mmap_min_addr}
 * @param capSysRawio          CAP_SYS_RAWIO: may map below mmap_min_addr ({@code cap_mmap_addr()})
 * @param capIpcLock           CAP_IPC_LOCK: may lock memory beyond RLIMIT_MEMLOCK
 * @param memlockLimitBytes    RLIMIT_MEMLOCK, unsigned ({@code -1L} is RLIM_INFINITY)
 * @param lockedBytes          {@code mm->locked_vm} in bytes before this call
 * @param defaultHugePageShift log2 of the default huge page size (what MAP_HUGETLB without a size asks for)
 * @param hugePagePools        the huge page sizes the kernel has ({@code hstate}s) and how many pages each can
 *                             still reserve ({@code free_hugepages - resv_hugepages})
 * @param map32BitStartBytes   x86-64 MAP_32BIT: where the bottom-up search of [start, 2 GiB) begins
 *                             ({@code find_start_end()}: 1 GiB, plus a random offset below 32 MiB with ASLR on)
 */
public record MmapEnv(long taskSizeBytes, long mmapMinAddr, boolean capSysRawio, boolean capIpcLock,
                      long memlockLimitBytes, long lockedBytes, int defaultHugePageShift,
                      List<HugePagePool> hugePagePools, long map32BitStartBytes) {
    /** x86-64 with 4-level page tables: {@code TASK_SIZE_MAX = (1 << 47) - PAGE_SIZE}. */
    public static final long X86_64_TASK_SIZE = (1L << 47) - MmapFlags.PAGE_SIZE;
    /** Start of the MAP_32BIT window without address space randomisation. */
    public static final long MAP_32BIT_START = 1L << 30;
    /** End of the MAP_32BIT window, exclusive. */
    public static final long MAP_32BIT_END = 2L << 30;
    /**
     * The highest start {@code randomize_page(1 GiB, 32 MiB)} can give. The model cannot know the random
     * draw, so an ordinary process is modelled with the start that leaves the least room.
     */
    public static final long MAP_32BIT_START_RANDOMIZED_MAX = MAP_32BIT_START + (32L << 20) - MmapFlags.PAGE_SIZE;

    /** One huge page size the kernel supports. */
    public record HugePagePool(int shift, long reservablePages) { }

    public MmapEnv {
        hugePagePools = List.copyOf(hugePagePools);
    }

    /**
     * An ordinary user process on x86-64: mmap_min_addr 65536, no capabilities, RLIMIT_MEMLOCK 8 MiB,
     * 2 MiB (default) and 1 GiB huge page sizes with empty pools, ASLR on (the MAP_32BIT window
     * starting as late as it can).
     */
    public static MmapEnv unprivileged() {
        return new MmapEnv(X86_64_TASK_SIZE, 65536, false, false, 8L << 20, 0, 21,
                List.of(new HugePagePool(21, 0), new HugePagePool(30, 0)), MAP_32BIT_START_RANDOMIZED_MAX);
    }

    /** {@link #unprivileged()} with root's CAP_SYS_RAWIO and CAP_IPC_LOCK. */
    public static MmapEnv root() {
        return unprivileged().withCapabilities(true, true);
    }

    /** The pool of huge pages of {@code 1 << shift} bytes, or null if the kernel has no such size. */
    public HugePagePool hugePagePool(int shift) {
        for (HugePagePool pool : hugePagePools) {
            if (pool.shift() == shift) {
                return pool;
            }
        }
        return null;
    }

    public MmapEnv withCapabilities(boolean sysRawio, boolean ipcLock) {
        return new MmapEnv(taskSizeBytes, mmapMinAddr, sysRawio, ipcLock, memlockLimitBytes, lockedBytes,
                defaultHugePageShift, hugePagePools, map32BitStartBytes);
    }

    public MmapEnv withMmapMinAddr(long value) {
        return new MmapEnv(taskSizeBytes, value, capSysRawio, capIpcLock, memlockLimitBytes, lockedBytes,
                defaultHugePageShift, hugePagePools, map32BitStartBytes);
    }

    public MmapEnv withMemlock(long limitBytes, long alreadyLockedBytes) {
        return new MmapEnv(taskSizeBytes, mmapMinAddr, capSysRawio, capIpcLock, limitBytes, alreadyLockedBytes,
                defaultHugePageShift, hugePagePools, map32BitStartBytes);
    }

    public MmapEnv withHugePages(int defaultShift, List<HugePagePool> pools) {
        return new MmapEnv(taskSizeBytes, mmapMinAddr, capSysRawio, capIpcLock, memlockLimitBytes, lockedBytes,
                defaultShift, pools, map32BitStartBytes);
    }

    public MmapEnv withMap32BitStartBytes(long value) {
        return new MmapEnv(taskSizeBytes, mmapMinAddr, capSysRawio, capIpcLock, memlockLimitBytes, lockedBytes,
                defaultHugePageShift, hugePagePools, value);
    }
}
