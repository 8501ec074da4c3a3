package io.mapdirect.check;

import static io.mapdirect.kernel.Errno.EACCES;
import static io.mapdirect.kernel.Errno.EAGAIN;
import static io.mapdirect.kernel.Errno.EBADF;
import static io.mapdirect.kernel.Errno.EEXIST;
import static io.mapdirect.kernel.Errno.EINVAL;
import static io.mapdirect.kernel.Errno.EIO;
import static io.mapdirect.kernel.Errno.ENODEV;
import static io.mapdirect.kernel.Errno.ENOMEM;
import static io.mapdirect.kernel.Errno.ENXIO;
import static io.mapdirect.kernel.Errno.EOPNOTSUPP;
import static io.mapdirect.kernel.Errno.EOVERFLOW;
import static io.mapdirect.kernel.Errno.EPERM;
import static io.mapdirect.mm.MmapFlags.MAP_ANONYMOUS;
import static io.mapdirect.mm.MmapFlags.MAP_DIRECT;
import static io.mapdirect.mm.MmapFlags.MAP_FIXED;
import static io.mapdirect.mm.MmapFlags.MAP_FIXED_NOREPLACE;
import static io.mapdirect.mm.MmapFlags.MAP_GROWSDOWN;
import static io.mapdirect.mm.MmapFlags.MAP_HUGETLB;
import static io.mapdirect.mm.MmapFlags.MAP_LOCKED;
import static io.mapdirect.mm.MmapFlags.MAP_PRIVATE;
import static io.mapdirect.mm.MmapFlags.MAP_SHARED;
import static io.mapdirect.mm.MmapFlags.MAP_SHARED_VALIDATE;
import static io.mapdirect.mm.MmapFlags.MAP_TYPE;
import static io.mapdirect.mm.MmapFlags.PROT_EXEC;
import static io.mapdirect.mm.MmapFlags.PROT_READ;
import static io.mapdirect.mm.MmapFlags.PROT_WRITE;
import static io.mapdirect.mm.MmapFlags.SEED_LEGACY_MAP_MASK;

import io.mapdirect.dax.DeviceDaxInode;
import io.mapdirect.events.Op;
import io.mapdirect.fs.File;
import io.mapdirect.fs.xfs.XfsInode;
import io.mapdirect.kernel.Capability;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Signal;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.Vma;
import java.util.ArrayList;
import java.util.List;

/**
 * ERRNO's rules for the memory calls and user accesses, written from {@code mm/mmap.c} and the
 * seed's {@code do_mmap()} [01], {@code xfs_file_mmap_validate()} [06] and
 * {@code map_direct_register()} [04], reading only the pre-state: the fd and its open mode, the
 * file's filesystem, the caller's credentials, the design's policy, the VMA at an address.
 */
final class MemoryErrnoRules {
    /** Lengths and offsets from here on may overflow {@code do_mmap()}'s page arithmetic. */
    private static final long HUGE_BYTES = 1L << 46;

    private MemoryErrnoRules() {
    }

    /**
     * {@code sys_mmap()} (EINVAL for an unaligned offset, before anything), {@code ksys_mmap_pgoff()}
     * (EBADF, EINVAL for MAP_HUGETLB on a file), {@code do_mmap()} (EINVAL for length 0), then the
     * file rules ({@link #seedFileMmap}). Errors {@code do_mmap()} checks in between and that the
     * case's arguments can reach (ENOMEM and EOVERFLOW for huge ranges, MAP_LOCKED's EPERM and
     * EAGAIN, MAP_FIXED's placement errors) are accepted alongside.
     */
    static Allowed mmap(Op.Mmap mmap, PreState pre) {
        int flags = mmap.flags();
        if ((mmap.off() & (Mm.PAGE_SIZE - 1)) != 0) {
            return Allowed.only("offset not page aligned", EINVAL);
        }
        boolean anonymous = (flags & MAP_ANONYMOUS) != 0;
        File file = anonymous ? null : pre.file(mmap.fd());
        if (!anonymous && file == null) {
            return Allowed.only("fd not open", EBADF);
        }
        if (!anonymous && (flags & MAP_HUGETLB) != 0) {
            return Allowed.only("MAP_HUGETLB on a file outside hugetlbfs", EINVAL);
        }
        if (mmap.len() == 0) {
            return Allowed.only("length 0", EINVAL);
        }
        Errno[] early = reachableEarlyErrors(mmap);
        if (anonymous) {
            return Allowed.successOr("anonymous mapping", EINVAL, ENOMEM).plus(early);
        }
        if (pre.world().kernel().config().profile() != FlagProfile.SEED_2017) {
            // The 6.x flag rules are checked against the live kernel instead (spec §8).
            return Allowed.successOr("6.x profile", EINVAL, EACCES, EOPNOTSUPP, ENODEV, EPERM, EOVERFLOW, EEXIST,
                    ENXIO, EAGAIN, ENOMEM);
        }
        return seedFileMmap(mmap, file, pre).plus(early);
    }

    /** The {@code do_mmap()} errors between the length check and the map type that these arguments can reach. */
    private static Errno[] reachableEarlyErrors(Op.Mmap mmap) {
        List<Errno> early = new ArrayList<>();
        if (mmap.len() < 0 || mmap.len() >= HUGE_BYTES || mmap.off() >= HUGE_BYTES) {
            early.addAll(List.of(ENOMEM, EOVERFLOW, EINVAL));
        }
        if ((mmap.flags() & MAP_LOCKED) != 0) {
            early.addAll(List.of(EPERM, EAGAIN));
        }
        if ((mmap.flags() & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0) {
            early.addAll(List.of(EINVAL, EPERM, ENOMEM, EEXIST));
        }
        if ((mmap.flags() & MAP_GROWSDOWN) != 0) {
            early.add(EINVAL);
        }
        return early.toArray(Errno[]::new);
    }

    /**
     * The seed's file branch of {@code do_mmap()} [01]: an unknown map type is EINVAL;
     * MAP_SHARED_VALIDATE with flags beyond the legacy mask needs {@code ->mmap_validate} (only XFS
     * has one), else EOPNOTSUPP; a shared PROT_WRITE mapping needs an fd open for writing and any
     * mapping an fd open for reading (EACCES); then {@code mmap_region()} calls
     * {@code xfs_file_mmap_validate()}, which refuses flags beyond {@code LEGACY_MAP_MASK | MAP_DIRECT}
     * with EOPNOTSUPP [06].
     */
    private static Allowed seedFileMmap(Op.Mmap mmap, File file, PreState pre) {
        int flags = mmap.flags();
        int type = flags & MAP_TYPE;
        if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) {
            return Allowed.only("unknown map type", EINVAL);
        }
        boolean validate = type == MAP_SHARED_VALIDATE && (flags & ~SEED_LEGACY_MAP_MASK) != 0;
        boolean xfs = file.inode() instanceof XfsInode;
        if (validate && !xfs) {
            return Allowed.only("MAP_SHARED_VALIDATE with new flags on a file without ->mmap_validate", EOPNOTSUPP);
        }
        if (type != MAP_PRIVATE && (mmap.prot() & PROT_WRITE) != 0 && !file.canWrite()) {
            return Allowed.only("shared PROT_WRITE mapping of an fd not open for writing", EACCES);
        }
        if (!file.canRead()) {
            return Allowed.only("fd not open for reading", EACCES);
        }
        if (file.inode() instanceof DeviceDaxInode devdax) {
            return deviceDax(devdax, type);
        }
        if (!validate) {
            return Allowed.successOr("mapping of an open file", ENOMEM, ENODEV, EPERM);
        }
        if ((flags & ~(SEED_LEGACY_MAP_MASK | MAP_DIRECT)) != 0) {
            return Allowed.only("flags xfs_file_mmap_validate() does not support", EOPNOTSUPP);
        }
        return mapDirect((XfsInode) file.inode(), pre);
    }

    /**
     * {@code dax_mmap()} → {@code check_vma()} (drivers/dax/device.c): ENXIO once the device is dead
     * ({@code !dax_alive()}), EINVAL for a private mapping; an environment's {@code kill_dev_dax}
     * may race with the call, so a live device may give ENXIO too.
     */
    private static Allowed deviceDax(DeviceDaxInode devdax, int type) {
        if (!devdax.alive()) {
            return Allowed.only("device-dax instance dead", ENXIO);
        }
        Allowed live = Allowed.successOr("a live device-dax instance", ENXIO, ENOMEM);
        return type == MAP_PRIVATE ? Allowed.only("private mapping of device-dax", EINVAL, ENXIO) : live;
    }

    /**
     * MAP_DIRECT on XFS: a design without it refuses with EOPNOTSUPP; a design that refuses non-DAX
     * or reflinked files at mmap time ([26] [36]) does so with EOPNOTSUPP (a reflink racing with the
     * mmap may make a file shared meanwhile, so a DAX file may get either); {@code map_direct_register()}
     * sets a layout lease, which {@code generic_setlease()} refuses with EACCES to a caller who does not
     * own the file and lacks CAP_LEASE [04] [06]; the lease may also conflict (EAGAIN), meet a break
     * (ENXIO) or fail to allocate (ENOMEM).
     */
    private static Allowed mapDirect(XfsInode inode, PreState pre) {
        Policy policy = pre.world().kernel().policy();
        if (!policy.mapDirect()) {
            return Allowed.only("a design without MAP_DIRECT", EOPNOTSUPP);
        }
        boolean refusesAtMmap = policy.nonDaxMapDirect() == Policy.NonDaxMapDirect.REFUSE_AT_MMAP;
        if (refusesAtMmap && !inode.isDax()) {
            return Allowed.only("MAP_DIRECT on a non-DAX file, refused at mmap", EOPNOTSUPP);
        }
        Creds creds = pre.creds();
        if (creds.fsuid() != inode.uid() && !creds.capable(Capability.CAP_LEASE)) {
            return refusesAtMmap ? Allowed.only("MAP_DIRECT lease by a non-owner without CAP_LEASE", EACCES, EOPNOTSUPP)
                    : Allowed.only("MAP_DIRECT lease by a non-owner without CAP_LEASE", EACCES);
        }
        Allowed registers = Allowed.successOr("MAP_DIRECT by the owner", ENOMEM, EAGAIN, ENXIO);
        return refusesAtMmap ? registers.plus(EOPNOTSUPP) : registers;
    }

    /** {@code do_munmap()}: EINVAL for a zero length; otherwise success, EINVAL beyond TASK_SIZE, ENOMEM for a split. */
    static Allowed munmap(Op.Munmap munmap, PreState pre) {
        return munmap.len() == 0 ? Allowed.only("length 0", EINVAL) : Allowed.successOr("unmap", EINVAL, ENOMEM);
    }

    /**
     * {@code do_mprotect_pkey()}: 0 for a zero length (the address is page aligned by construction),
     * EINVAL for unknown protection bits, then ENOMEM for holes and splits, and EACCES only when
     * PROT_WRITE is asked of a shared mapping of a file not open for writing.
     */
    static Allowed mprotect(Op.Mprotect mprotect, PreState pre) {
        if (mprotect.len() == 0) {
            return Allowed.successOr("length 0");
        }
        if ((mprotect.prot() & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0) {
            return Allowed.only("unknown protection bits", EINVAL, ENOMEM);
        }
        Allowed changes = Allowed.successOr("mprotect of a range", ENOMEM, EINVAL);
        return (mprotect.prot() & PROT_WRITE) != 0 ? changes.plus(EACCES) : changes;
    }

    private static final int MS_ASYNC = 1;
    private static final int MS_INVALIDATE = 2;
    private static final int MS_SYNC = 4;

    /** {@code msync()}: EINVAL for unknown flags or MS_ASYNC with MS_SYNC; 0 for an empty range; ENOMEM for holes; the fsync's EIO. */
    static Allowed msync(Op.Msync msync, PreState pre) {
        int flags = msync.flags();
        if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) != 0 || (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC)) {
            return Allowed.only("bad msync flags", EINVAL);
        }
        if (msync.len() == 0) {
            return Allowed.successOr("empty range");
        }
        return Allowed.successOr("msync of a range", ENOMEM, EIO, EINVAL);
    }

    /** A load: SIGSEGV without a readable VMA at the address; else the value, or SIGBUS from the fault handler. */
    static Allowed load(Op.Load load, PreState pre) {
        Vma vma = pre.vmaAt(pre.address(load.addr(), load.page()));
        return vma == null || !vma.isReadable() ? Allowed.signalOnly("no readable VMA", Signal.SIGSEGV)
                : Allowed.successOrSignal("readable VMA", Signal.SIGBUS);
    }

    /** A store: SIGSEGV without a writable VMA at the address; else 0, or SIGBUS. */
    static Allowed store(Op.Store store, PreState pre) {
        Vma vma = pre.vmaAt(pre.address(store.addr(), store.page()));
        return vma == null || !vma.isWritable() ? Allowed.signalOnly("no writable VMA", Signal.SIGSEGV)
                : Allowed.successOrSignal("writable VMA", Signal.SIGBUS);
    }

    /** A userspace flush: SIGSEGV without a VMA at its first page; else 0, SIGBUS, or SIGSEGV for a later page. */
    static Allowed flush(Op.Flush flush, PreState pre) {
        Vma vma = pre.vmaAt(pre.address(flush.addr(), flush.page()));
        return vma == null ? Allowed.signalOnly("no VMA", Signal.SIGSEGV)
                : Allowed.successOrSignal("mapped first page", Signal.SIGBUS, Signal.SIGSEGV);
    }
}
