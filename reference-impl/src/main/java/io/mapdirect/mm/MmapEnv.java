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
 * @param map32BitWindowBytes  x86-64 MAP_32BIT: the room between the (randomised) start of the window and
 *                             2 GiB that the bottom-up search may use ({@code find_start_end()})
 */
public record MmapEnv(long taskSizeBytes, long mmapMinAddr, boolean capSysRawio, boolean capIpcLock,
                      long memlockLimitBytes, long lockedBytes, int defaultHugePageShift,
                      List<HugePagePool> hugePagePools, long map32BitWindowBytes) {
    /** x86-64 with 4-level page tables: {@code TASK_SIZE_MAX = (1 << 47) - PAGE_SIZE}. */
    public static final long X86_64_TASK_SIZE = (1L << 47) - MmapFlags.PAGE_SIZE;
    /** [1 GiB, 2 GiB) with its start randomised by up to 32 MiB ({@code randomize_page(begin, 0x02000000)}). */
    public static final long MAP_32BIT_WINDOW_RANDOMIZED = (1L << 30) - (32L << 20);
    /** The whole [1 GiB, 2 GiB) window when address space randomisation is off. */
    public static final long MAP_32BIT_WINDOW_FIXED = 1L << 30;

    /** One huge page size the kernel supports. */
    public record HugePagePool(int shift, long reservablePages) { }

    public MmapEnv {
        hugePagePools = List.copyOf(hugePagePools);
    }

    /**
     * An ordinary user process on x86-64: mmap_min_addr 65536, no capabilities, RLIMIT_MEMLOCK 8 MiB,
     * 2 MiB (default) and 1 GiB huge page sizes with empty pools, ASLR on.
     */
    public static MmapEnv unprivileged() {
        return new MmapEnv(X86_64_TASK_SIZE, 65536, false, false, 8L << 20, 0, 21,
                List.of(new HugePagePool(21, 0), new HugePagePool(30, 0)), MAP_32BIT_WINDOW_RANDOMIZED);
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
                defaultHugePageShift, hugePagePools, map32BitWindowBytes);
    }

    public MmapEnv withMmapMinAddr(long value) {
        return new MmapEnv(taskSizeBytes, value, capSysRawio, capIpcLock, memlockLimitBytes, lockedBytes,
                defaultHugePageShift, hugePagePools, map32BitWindowBytes);
    }

    public MmapEnv withMemlock(long limitBytes, long alreadyLockedBytes) {
        return new MmapEnv(taskSizeBytes, mmapMinAddr, capSysRawio, capIpcLock, limitBytes, alreadyLockedBytes,
                defaultHugePageShift, hugePagePools, map32BitWindowBytes);
    }

    public MmapEnv withHugePages(int defaultShift, List<HugePagePool> pools) {
        return new MmapEnv(taskSizeBytes, mmapMinAddr, capSysRawio, capIpcLock, memlockLimitBytes, lockedBytes,
                defaultShift, pools, map32BitWindowBytes);
    }

    public MmapEnv withMap32BitWindowBytes(long value) {
        return new MmapEnv(taskSizeBytes, mmapMinAddr, capSysRawio, capIpcLock, memlockLimitBytes, lockedBytes,
                defaultHugePageShift, hugePagePools, value);
    }
}
