package io.mapdirect.check;

import static io.mapdirect.kernel.Errno.EACCES;
import static io.mapdirect.kernel.Errno.EAGAIN;
import static io.mapdirect.kernel.Errno.EEXIST;
import static io.mapdirect.kernel.Errno.EFAULT;
import static io.mapdirect.kernel.Errno.EINTR;
import static io.mapdirect.kernel.Errno.EINVAL;
import static io.mapdirect.kernel.Errno.ENODEV;
import static io.mapdirect.kernel.Errno.ENOMEM;
import static io.mapdirect.kernel.Errno.ENXIO;
import static io.mapdirect.kernel.Errno.EOPNOTSUPP;
import static io.mapdirect.kernel.Errno.EPERM;

import io.mapdirect.dax.DeviceDaxInode;
import io.mapdirect.events.Op;
import io.mapdirect.fs.File;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.Vma;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;

/**
 * ERRNO's rules for RDMA verbs, processes, time and the environment, from the pre-state: does the
 * device exist, is the first page of a range mapped, is the name of a process taken.
 */
final class ProcessErrnoRules {
    private ProcessErrnoRules() {
    }

    /**
     * {@code ib_uverbs_reg_mr()}: ENODEV for an unknown device; {@code ib_umem_get()} →
     * {@code get_user_pages()} gives EFAULT when the first page is not mapped (EINVAL for a bad
     * length first); otherwise EOPNOTSUPP (DAX without a translating IOMMU [11]), ENXIO (a breaking
     * MAP_DIRECT mapping [09]), EPERM, EFAULT for a later page, ENOMEM. Not EAGAIN on a MAP_DIRECT mapping:
     * a lease_direct lease refused during a break must reach userspace as ENXIO [09] (repair
     * LEASE_DIRECT_EAGAIN_AS_ENXIO). On a device-dax mapping EAGAIN is allowed: device-dax's
     * {@code ->lease_direct} is {@code map_direct_lease()} itself [10], which returns
     * {@code vfs_setlease()}'s EAGAIN as is while the device's lease is being broken
     * (regressions/devdax-reg-mr-eagain-during-kill.case: V8_GRACE keeps the lease for the grace), also when the
     * range only runs into device-dax memory (regressions/reg-mr-spanning-into-devdax-eagain.case).
     */
    static Allowed regMr(Op.RegMr reg, PreState pre) {
        if (pre.world().rdma().device(reg.device()) == null) {
            return Allowed.only("no such RDMA device", ENODEV);
        }
        Vma first = pre.vmaAt(pre.address(reg.addr(), reg.page()));
        if (first != null && touchesDeviceDax(reg, pre)) {
            return Allowed.successOr("mapped range with device-dax memory", EFAULT, EOPNOTSUPP, ENXIO, EINVAL, EPERM,
                    ENOMEM, EACCES, EAGAIN);
        }
        if (first == null && !pre.world().kernel().policy().odp()) {
            // An ODP registration faults nothing in (ib_umem_odp_get() registers the range with the MMU
            // notifier and returns; pages are faulted at DMA time), so an unmapped range still registers.
            return Allowed.only("first page not mapped", EFAULT, EINVAL);
        }
        // EACCES: the lease_direct lease ->lease_direct() takes for the registration is the registering
        // task's, and generic_setlease() refuses it unless that task's fsuid owns the file or it has
        // CAP_LEASE [09] [10] (device-dax memory any user may map; a MAP_DIRECT mapping a forked child
        // holds): regressions/devdax-reg-mr-eacces-for-non-owner.case.
        return Allowed.successOr("mapped range on a device", EFAULT, EOPNOTSUPP, ENXIO, EINVAL, EPERM, ENOMEM, EACCES);
    }

    /** Most pages of a registration {@link #touchesDeviceDax} looks at (the generated lengths are a few pages). */
    private static final long MAX_PAGES_LOOKED_AT = 4096;

    /**
     * Whether some page of the registered range is mapped from a device-dax instance: {@code ib_umem_get()}
     * takes a lease_direct lease per VMA of the range, so a range that runs from a MAP_DIRECT mapping
     * into a device-dax one gets the device's answer too (found by the campaign, seed 137749964 case 242287).
     */
    private static boolean touchesDeviceDax(Op.RegMr reg, PreState pre) {
        long start = pre.address(reg.addr(), reg.page());
        long pages = Math.min(MAX_PAGES_LOOKED_AT, Math.max(1, (reg.len() + Mm.PAGE_SIZE - 1) / Mm.PAGE_SIZE));
        for (long page = 0; page < pages; page++) {
            Vma vma = pre.vmaAt(start + page * Mm.PAGE_SIZE);
            if (vma != null && vma.file() instanceof File file && file.inode() instanceof DeviceDaxInode) {
                return true;
            }
        }
        return false;
    }

    /** {@code ib_uverbs_dereg_mr()}: EINVAL for a key that names no MR (never bound, already gone). */
    static Allowed deregMr(Op.DeregMr dereg, PreState pre) {
        if (!pre.isBound(dereg.mr())) {
            return Allowed.only("MR never registered", EINVAL, ENODEV);
        }
        return Allowed.successOr("a registered MR", EINVAL, ENODEV);
    }

    /** An O_DIRECT-like pin: EINVAL for negative arguments, 0 for length 0, EFAULT for an unmapped first page. */
    static Allowed directIo(Op.DirectIo io, PreState pre) {
        if (io.len() < 0 || io.holdNs() < 0) {
            return Allowed.only("negative length or hold", EINVAL);
        }
        if (io.len() == 0) {
            return Allowed.successOr("length 0");
        }
        if (pre.vmaAt(pre.address(io.addr(), io.page())) == null) {
            return Allowed.only("first page not mapped", EFAULT);
        }
        return Allowed.successOr("mapped range", EFAULT, EOPNOTSUPP, ENOMEM);
    }

    /** fork: EEXIST when the child's name is taken (a harness rule), else the child's pid. */
    static Allowed fork(Op.Fork fork, PreState pre) {
        return pre.world().processes().byName(fork.child()) != null ? Allowed.only("child name taken", EEXIST)
                : Allowed.successOr("fork", ENOMEM);
    }

    /** kill: EINVAL for an unknown or exited process (the model has no ESRCH). */
    static Allowed kill(Op.Kill kill, PreState pre) {
        Process target = pre.world().processes().byName(kill.process());
        return target == null || target.exited() ? Allowed.only("no such live process", EINVAL)
                : Allowed.successOr("a live process");
    }

    /** The device-dax instance goes away: ENODEV for an unknown device; the layout break may be interrupted. */
    static Allowed killDevdax(Op.KillDevdax kill, PreState pre) {
        return pre.world().vfs().lookup(World.DEV + "/" + kill.device()) instanceof DeviceDaxInode
                ? Allowed.successOr("a device-dax instance", EINTR, EAGAIN)
                : Allowed.only("no such device-dax instance", ENODEV);
    }

    /** The lease-break-time sysctl: EINVAL for a negative value ({@code proc_dointvec}). */
    static Allowed setLeaseBreakTime(Op.SetLeaseBreakTime set) {
        return set.seconds() < 0 ? Allowed.only("negative value", EINVAL) : Allowed.successOr("a value");
    }

    /** A DMA by a device the world has gets a DMA outcome; by one it lacks, "no such device". */
    static Allowed dma(String device, PreState pre) {
        boolean present = pre.world().nics().stream().anyMatch(nic -> nic.name().equals(device));
        return Allowed.dmaOutcome(present ? "a device" : "no such device", present);
    }
}
