package io.mapdirect.mm;

import static io.mapdirect.kernel.Errno.*;
import static io.mapdirect.mm.MmapFlags.*;

import io.mapdirect.kernel.Errno;
import java.util.EnumSet;

/**
 * One mmap call walked through the kernel's checks in the kernel's order. Its fields are the locals
 * the kernel rewrites as it goes ({@code flags}, {@code len}, {@code pgoff}, {@code addr}, {@code file},
 * {@code vm_flags}); each method mirrors one kernel function or one branch of it and returns null to
 * go on or a {@link MmapVerdict.Refused}. The profile-specific branches live in {@link ProfileRules}.
 */
final class MmapCall {
    private static final long PAGE_MASK = ~(PAGE_SIZE - 1);

    final ProfileRules rules;
    final MmapRequest request;
    final MmapEnv env;
    private final MmapFile fd;
    private final AddressSpaceView space;

    int flags;
    long len;
    long pgoff;
    long addr;
    /** The file being mapped; null for anonymous memory. */
    MmapFile file;
    final EnumSet<VmFlag> vm = EnumSet.noneOf(VmFlag.class);
    boolean callsMmapValidate;

    MmapCall(ProfileRules rules, MmapRequest request, MmapFile fd, MmapEnv env, AddressSpaceView space) {
        this.rules = rules;
        this.request = request;
        this.fd = fd;
        this.env = env;
        this.space = space;
        this.flags = request.flags();
        this.len = request.lengthBytes();
        this.addr = request.addr();
    }

    /** An ERR_PTR-style refusal: the errno and the kernel check that gave it. */
    static MmapVerdict.Refused refuse(Errno errno, String where) {
        return new MmapVerdict.Refused(errno, where);
    }

    /**
     * Mirrors x86-64 {@code SYSCALL_DEFINE6(mmap)} (arch/x86/kernel/sys_x86_64.c): the offset must be page
     * aligned before anything else, the fd included, is looked at. The seed does not touch it; 2017 and
     * 6.x are the same.
     */
    MmapVerdict sysMmap() {
        if ((request.offsetBytes() & ~PAGE_MASK) != 0) {
            return refuse(EINVAL, "sys_mmap: off & ~PAGE_MASK");
        }
        pgoff = request.offsetBytes() >>> PAGE_SHIFT;
        return ksysMmapPgoff();
    }

    /**
     * Mirrors {@code ksys_mmap_pgoff()} (6.x; {@code SYSCALL_DEFINE6(mmap_pgoff)} in the seed, which [02]
     * makes pass the fd on): the fd
     * (EBADF), MAP_HUGETLB on a file outside hugetlbfs (EINVAL), and for anonymous MAP_HUGETLB the huge
     * page size of bits 26..31 (EINVAL if the kernel has no such size) and the hugetlbfs file that backs
     * it. Lengths are rounded up to the huge page size here, so a length that wraps becomes 0 and gets
     * do_mmap()'s EINVAL, not its ENOMEM.
     *
     * @kernel mm/mmap.c sys_mmap_pgoff() [02]
     * @departure bookkeeping the fd itself is not passed on from here: the validator decides on the request alone and
     *     MemoryCalls#mmap hands the fd to mmap_region(), as [02]'s vm_mmap_pgoff() chain does
     */
    private MmapVerdict ksysMmapPgoff() {
        if ((flags & MAP_ANONYMOUS) == 0) {
            if (!fd.valid()) {
                return refuse(EBADF, "ksys_mmap_pgoff: fget(fd)");
            }
            file = fd;
            if (file.ops().hugetlbfs()) {
                len = alignUp(len, 1L << file.ops().hugePageShift());
            } else if ((flags & MAP_HUGETLB) != 0) {
                return refuse(EINVAL, "ksys_mmap_pgoff: MAP_HUGETLB && !is_file_hugepages(file)");
            }
        } else if ((flags & MAP_HUGETLB) != 0) {
            MmapEnv.HugePagePool pool = hstateSizelog(hugePageSizeLog(flags));
            if (pool == null) {
                return refuse(EINVAL, "ksys_mmap_pgoff: hstate_sizelog() found no such huge page size");
            }
            len = alignUp(len, 1L << pool.shift());
            file = MmapFile.anonymousHugetlb(pool.shift());
        }
        flags = rules.syscallFlags(flags);
        return doMmap();
    }

    /** Mirrors {@code hstate_sizelog()} (the seed is silent; 4.14 and 6.x agree): 0 means the default size. */
    private MmapEnv.HugePagePool hstateSizelog(int sizeLog) {
        return env.hugePagePool(sizeLog == 0 ? env.defaultHugePageShift() : sizeLog);
    }

    /**
     * Mirrors {@code do_mmap()} of mm/mmap.c [01] [02] up to the call of mmap_region(), check by check: length 0
     * (EINVAL), MAP_FIXED_NOREPLACE implying MAP_FIXED (6.x), the page-aligned length wrapping to 0
     * (ENOMEM), the page offset overflowing (EOVERFLOW), the address (get_unmapped_area()), EEXIST for
     * MAP_FIXED_NOREPLACE over a mapping (6.x), MAP_LOCKED without permission (EPERM) or beyond
     * RLIMIT_MEMLOCK (EAGAIN), then the map type switch for a file or for anonymous memory, then
     * VM_NORESERVE. {@code mm->map_count > sysctl_max_map_count} (ENOMEM) is not modelled: it needs
     * the address space, and the mmap implementation checks it.
     *
     * @kernel mm/mmap.c do_mmap() [01] [02]
     * @departure bookkeeping mm->map_count > sysctl_max_map_count (ENOMEM) is not modelled: no case makes 65530 mappings
     */
    private MmapVerdict doMmap() {
        if (len == 0) {
            return refuse(EINVAL, "do_mmap: !len");
        }
        if (rules.hasFixedNoreplace() && (flags & MAP_FIXED_NOREPLACE) != 0) {
            flags |= MAP_FIXED;
        }
        len = alignUp(len, PAGE_SIZE);
        if (len == 0) {
            return refuse(ENOMEM, "do_mmap: PAGE_ALIGN(len) == 0");
        }
        if (Long.compareUnsigned(pgoff + (len >>> PAGE_SHIFT), pgoff) < 0) {
            return refuse(EOVERFLOW, "do_mmap: pgoff + pages overflows");
        }
        calcVmFlags();
        MmapVerdict refused = getUnmappedArea();
        if (refused == null) {
            refused = fixedNoreplace();
        }
        if (refused == null) {
            refused = mlockChecks();
        }
        if (refused == null) {
            refused = file != null ? fileMapType() : anonMapType();
        }
        if (refused != null) {
            return refused;
        }
        if ((flags & MAP_NORESERVE) != 0) {
            vm.add(VmFlag.NORESERVE);
        }
        return mmapRegion();
    }

    /**
     * Mirrors {@code calc_vm_prot_bits()} and {@code calc_vm_flag_bits()} (seed silent): unknown {@code prot} bits,
     * PROT_SEM and PROT_GROWSDOWN/UP included, are ignored by mmap. MAP_SYNC becomes VM_SYNC whatever
     * the map type (6.x only; the seed has no MAP_SYNC). The overcommit policy is taken to be the
     * default heuristic, so MAP_NORESERVE always sets VM_NORESERVE (later, in do_mmap()).
     */
    private void calcVmFlags() {
        int prot = request.prot();
        addIf((prot & PROT_READ) != 0, VmFlag.READ);
        addIf((prot & PROT_WRITE) != 0, VmFlag.WRITE);
        addIf((prot & PROT_EXEC) != 0, VmFlag.EXEC);
        addIf((flags & MAP_GROWSDOWN) != 0, VmFlag.GROWSDOWN);
        addIf((flags & MAP_LOCKED) != 0, VmFlag.LOCKED);
        addIf(rules.translatesMapSync() && (flags & MAP_SYNC) != 0, VmFlag.SYNC);
        vm.add(VmFlag.MAYREAD);
        vm.add(VmFlag.MAYWRITE);
        vm.add(VmFlag.MAYEXEC);
    }

    /**
     * Mirrors {@code __get_unmapped_area()} with x86-64's {@code arch_get_unmapped_area[_topdown]()} and
     * {@code hugetlb_get_unmapped_area()} (seed silent; 4.14 and 6.x agree): a length above TASK_SIZE (ENOMEM), a hugetlb MAP_FIXED address
     * not huge page aligned (EINVAL); without MAP_FIXED the kernel picks a free range (the model assumes
     * one exists unless the length cannot fit: above TASK_SIZE - mmap_min_addr, or no gap in the MAP_32BIT
     * window); with MAP_FIXED the address must end below TASK_SIZE (ENOMEM), be page
     * aligned (EINVAL) and, below mmap_min_addr, needs CAP_SYS_RAWIO ({@code cap_mmap_addr()}: EPERM).
     */
    private MmapVerdict getUnmappedArea() {
        long taskSize = env.taskSizeBytes();
        if (Long.compareUnsigned(len, taskSize) > 0) {
            return refuse(ENOMEM, "get_unmapped_area: len > TASK_SIZE");
        }
        boolean hugetlb = file != null && file.ops().hugetlbfs();
        long alignment = hugetlb ? 1L << file.ops().hugePageShift() : PAGE_SIZE;
        if ((flags & MAP_FIXED) == 0) {
            return searchFreeRange(alignment);
        }
        if (hugetlb && (addr & (alignment - 1)) != 0) {
            return refuse(EINVAL, "hugetlb_get_unmapped_area: MAP_FIXED addr not huge page aligned");
        }
        if (Long.compareUnsigned(addr, taskSize - len) > 0) {
            return refuse(ENOMEM, "get_unmapped_area: addr > TASK_SIZE - len");
        }
        if ((addr & ~PAGE_MASK) != 0) {
            return refuse(EINVAL, "get_unmapped_area: offset_in_page(addr)");
        }
        if (Long.compareUnsigned(addr, env.mmapMinAddr()) < 0 && !env.capSysRawio()) {
            return refuse(EPERM, "security_mmap_addr: addr < mmap_min_addr without CAP_SYS_RAWIO");
        }
        return null;
    }

    /**
     * The search for a free range without MAP_FIXED, mirroring x86-64's {@code find_start_end()} and
     * {@code unmapped_area()} (seed silent). MAP_32BIT searches bottom-up in
     * [map32BitStart, 2 GiB) ({@code find_start_end()}), and {@code unmapped_area()} wants a free gap of the
     * length plus the alignment slack ({@code align_mask}: huge page size - PAGE_SIZE for hugetlbfs) there:
     * ENOMEM if the address space has none. Otherwise the model assumes room for any length up to
     * TASK_SIZE - mmap_min_addr: the top-down search covers most of the address space.
     */
    private MmapVerdict searchFreeRange(long alignment) {
        if ((flags & MAP_32BIT) != 0) {
            long needed = len + alignment - PAGE_SIZE;
            if (Long.compareUnsigned(needed, len) < 0
                    || !space.hasGap(env.map32BitStartBytes(), MmapEnv.MAP_32BIT_END, needed)) {
                return refuse(ENOMEM, "arch_get_unmapped_area: no gap in the MAP_32BIT window");
            }
            return null;
        }
        if (Long.compareUnsigned(len, env.taskSizeBytes() - env.mmapMinAddr()) > 0) {
            return refuse(ENOMEM, "get_unmapped_area: len > mmap_end - mmap_min_addr");
        }
        return null;
    }

    /** Mirrors do_mmap()'s {@code if (flags & MAP_FIXED_NOREPLACE) find_vma_intersection() -> EEXIST} (6.x; not in the seed). */
    private MmapVerdict fixedNoreplace() {
        if (rules.hasFixedNoreplace() && (flags & MAP_FIXED_NOREPLACE) != 0 && space.intersects(addr, addr + len)) {
            return refuse(EEXIST, "do_mmap: MAP_FIXED_NOREPLACE over an existing mapping");
        }
        return null;
    }

    /**
     * Mirrors do_mmap()'s (seed silent) {@code can_do_mlock()} (EPERM: RLIMIT_MEMLOCK 0 and no CAP_IPC_LOCK) and
     * {@code mlock_future_ok()} / {@code mlock_future_check()} (EAGAIN: locked pages would exceed
     * RLIMIT_MEMLOCK without CAP_IPC_LOCK).
     */
    private MmapVerdict mlockChecks() {
        if ((flags & MAP_LOCKED) != 0 && env.memlockLimitBytes() == 0 && !env.capIpcLock()) {
            return refuse(EPERM, "do_mmap: MAP_LOCKED && !can_do_mlock()");
        }
        if (vm.contains(VmFlag.LOCKED) && !env.capIpcLock()) {
            long lockedPages = (len >>> PAGE_SHIFT) + (env.lockedBytes() >>> PAGE_SHIFT);
            if (Long.compareUnsigned(lockedPages, env.memlockLimitBytes() >>> PAGE_SHIFT) > 0) {
                return refuse(EAGAIN, "do_mmap: !mlock_future_ok()");
            }
        }
        return null;
    }

    /**
     * Mirrors the file branch of do_mmap() [01]: {@code file_mmap_ok()} (6.x, EOVERFLOW), then
     * {@code switch (flags & MAP_TYPE)}. MAP_SHARED and MAP_SHARED_VALIDATE start with the profile's
     * own prologue ([01]'s downgrade and hook test, or 6.x's mask), then fall through the shared checks
     * into the private ones, as the C {@code case}s do; anything else is EINVAL.
     *
     * @kernel mm/mmap.c do_mmap() [01]
     */
    private MmapVerdict fileMapType() {
        if (rules.checksFileMmapSize() && !fileMmapOk()) {
            return refuse(EOVERFLOW, "do_mmap: !file_mmap_ok()");
        }
        int type = flags & MAP_TYPE;
        if (type == MAP_SHARED || type == MAP_SHARED_VALIDATE) {
            MmapVerdict refused = rules.sharedPrologue(this);
            if (refused == null) {
                refused = sharedChecks();
            }
            return refused != null ? refused : privateChecks();
        }
        if (type == MAP_PRIVATE) {
            return privateChecks();
        }
        return refuse(EINVAL, "do_mmap: file mapping with map type " + describe(type));
    }

    /** Mirrors {@code file_mmap_ok()} (Linux 4.17+, after the seed): the range must end below file_mmap_size_max(). */
    private boolean fileMmapOk() {
        long maxSize = file.ops().maxMmapBytes();
        if (maxSize != 0 && Long.compareUnsigned(len, maxSize) > 0) {
            return false;
        }
        maxSize -= len;
        return Long.compareUnsigned(pgoff, maxSize >>> PAGE_SHIFT) <= 0;
    }

    /**
     * Mirrors do_mmap()'s {@code case MAP_SHARED:} body, which [01]'s MAP_SHARED_VALIDATE falls into
     * (spec §2.5: "PROT_WRITE on a file not opened for writing fails with EACCES, as for MAP_SHARED"): PROT_WRITE needs a file opened for writing
     * (EACCES), an append-only file may not be mapped shared through a writable fd (EACCES); the VMA
     * becomes shared, or may-share only when the fd cannot write. Not modelled: 6.x's ETXTBSY for swap
     * files and 2017's EAGAIN for mandatory locks ({@code locks_verify_locked()}, removed in 5.15).
     *
     * @kernel mm/mmap.c do_mmap() [01]
     * @departure bookkeeping 4.14's locks_verify_locked() (EAGAIN under a mandatory lock) is not modelled: the model has no POSIX
     *     locks and no mand mount option
     */
    private MmapVerdict sharedChecks() {
        boolean fmodeWrite = file.openMode().canWrite();
        if ((request.prot() & PROT_WRITE) != 0 && !fmodeWrite) {
            return refuse(EACCES, "do_mmap: shared PROT_WRITE && !(f_mode & FMODE_WRITE)");
        }
        if (file.ops().appendOnly() && fmodeWrite) {
            return refuse(EACCES, "do_mmap: shared && IS_APPEND(inode) && FMODE_WRITE");
        }
        vm.add(VmFlag.SHARED);
        vm.add(VmFlag.MAYSHARE);
        if (!fmodeWrite) {
            vm.remove(VmFlag.MAYWRITE);
            vm.remove(VmFlag.SHARED);
        }
        return null;
    }

    /**
     * Mirrors do_mmap()'s {@code case MAP_PRIVATE:} body [01], which the shared cases fall into: the file must
     * be open for reading (EACCES, so an O_WRONLY fd never maps), PROT_EXEC on a noexec mount is EPERM,
     * no {@code ->mmap} is ENODEV, VM_GROWSDOWN on a file is EINVAL.
     */
    private MmapVerdict privateChecks() {
        if (!file.openMode().canRead()) {
            return refuse(EACCES, "do_mmap: !(f_mode & FMODE_READ)");
        }
        if (file.ops().noexecMount()) {
            if (vm.contains(VmFlag.EXEC)) {
                return refuse(EPERM, "do_mmap: PROT_EXEC && path_noexec()");
            }
            vm.remove(VmFlag.MAYEXEC);
        }
        if (!file.ops().hasMmap()) {
            return refuse(ENODEV, "do_mmap: !file->f_op->mmap");
        }
        if (vm.contains(VmFlag.GROWSDOWN)) {
            return refuse(EINVAL, "do_mmap: file mapping with VM_GROWSDOWN");
        }
        return null;
    }

    /**
     * Mirrors the anonymous branch of do_mmap() (untouched by [01]): MAP_SHARED (not with MAP_GROWSDOWN: EINVAL), MAP_PRIVATE,
     * and in 6.x MAP_DROPPABLE (not with MAP_LOCKED, MAP_HUGETLB or MAP_GROWSDOWN: EINVAL). There is no
     * MAP_SHARED_VALIDATE case in either profile [01]: anonymous MAP_SHARED_VALIDATE is EINVAL even with
     * only legacy flags. Anonymous MAP_HUGETLB never gets here (it is backed by a hugetlbfs file).
     */
    private MmapVerdict anonMapType() {
        int type = flags & MAP_TYPE;
        if (type == MAP_SHARED) {
            if (vm.contains(VmFlag.GROWSDOWN)) {
                return refuse(EINVAL, "do_mmap: anonymous MAP_SHARED with VM_GROWSDOWN");
            }
            vm.add(VmFlag.SHARED);
            vm.add(VmFlag.MAYSHARE);
            return null;
        }
        if (type == MAP_DROPPABLE && rules.hasDroppable()) {
            if ((flags & (MAP_LOCKED | MAP_HUGETLB)) != 0) {
                return refuse(EINVAL, "do_mmap: MAP_DROPPABLE with MAP_LOCKED or MAP_HUGETLB");
            }
            if (vm.contains(VmFlag.GROWSDOWN)) {
                return refuse(EINVAL, "do_mmap: MAP_DROPPABLE with VM_GROWSDOWN");
            }
            vm.add(VmFlag.DROPPABLE);
            vm.add(VmFlag.NORESERVE);
            return null;
        }
        if (type == MAP_PRIVATE) {
            return null;
        }
        return refuse(EINVAL, "do_mmap: anonymous mapping with map type " + describe(type));
    }

    /**
     * Mirrors the part of {@code mmap_region()} [01] [02] that can refuse a request for its flags: the call
     * of the file's hook ({@code ->mmap_validate(file, vma, map_flags, fd)} for MAP_SHARED_VALIDATE in the
     * seed, else {@code ->mmap()}). Anonymous memory (shmem_zero_setup() for MAP_SHARED) cannot fail here in the model.
     * Not modelled: RLIMIT_AS ({@code may_expand_vm()}), overcommit accounting, PR_SET_MDWE, mseal.
     *
     * @kernel mm/mmap.c mmap_region() [01] [02]
     */
    private MmapVerdict mmapRegion() {
        if (file != null) {
            MmapVerdict refused = rules.callMmapHook(this);
            if (refused != null) {
                return refused;
            }
        }
        return new MmapVerdict.Mapped(flags, len, vm, callsMmapValidate);
    }

    /**
     * Mirrors {@code hugetlbfs_file_mmap()} (seed silent; 4.14 and 6.x agree): the page offset must fit a {@code loff_t} and be huge page
     * aligned (EINVAL), and without VM_NORESERVE the pages must be reservable now
     * ({@code hugetlb_reserve_pages()}: ENOMEM). Every other file's {@code ->mmap} is taken not to fail
     * for flags, except for VM_SYNC in 6.x ({@link ProfileRules}).
     */
    MmapVerdict hugetlbfsFileMmap() {
        int shift = file.ops().hugePageShift();
        long pgoffLofftMax = ((1L << (PAGE_SHIFT + 1)) - 1) << (Long.SIZE - (PAGE_SHIFT + 1));
        if ((pgoff & pgoffLofftMax) != 0) {
            return refuse(EINVAL, "hugetlbfs_file_mmap: vm_pgoff & PGOFF_LOFFT_MAX");
        }
        if ((pgoff & ((1L << (shift - PAGE_SHIFT)) - 1)) != 0) {
            return refuse(EINVAL, "hugetlbfs_file_mmap: vm_pgoff not huge page aligned");
        }
        long end = len + (pgoff << PAGE_SHIFT);
        if (end < len) {
            return refuse(EINVAL, "hugetlbfs_file_mmap: len + offset overflows loff_t");
        }
        vm.add(VmFlag.HUGETLB);
        MmapEnv.HugePagePool pool = env.hugePagePool(shift);
        long needed = len >>> shift;
        boolean reservable = pool != null && Long.compareUnsigned(needed, pool.reservablePages()) <= 0;
        if (!vm.contains(VmFlag.NORESERVE) && !reservable) {
            return refuse(ENOMEM, "hugetlbfs_file_mmap: hugetlb_reserve_pages()");
        }
        return null;
    }

    /** {@code _calc_vm_trans()}: one flag bit becomes one VM bit. */
    private void addIf(boolean condition, VmFlag flag) {
        if (condition) {
            vm.add(flag);
        }
    }

    /** {@code ALIGN(x, a)} / {@code PAGE_ALIGN()} on unsigned longs: wraps past 2^64, as in C. */
    static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
