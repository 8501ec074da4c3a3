package io.mapdirect.syscalls;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.Gup;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.MmStruct;
import io.mapdirect.proc.Process;
import io.mapdirect.rdma.IbDevice;
import io.mapdirect.rdma.IbMr;
import io.mapdirect.rdma.Uverbs;
import java.util.List;

/**
 * The RDMA verbs a process calls ({@code ibv_reg_mr}, {@code ibv_dereg_mr}, through the uverbs
 * write commands) and an O_DIRECT-like transfer that pins user pages for a short while. MR keys are
 * per device; the calls without a device name use the first configured device. A process's MRs
 * left at exit are deregistered as its uverbs fd closes. (This class sits in the syscall layer and
 * uses {@code io.mapdirect.rdma}, which needs nothing from here.)
 */
public final class RdmaCalls {
    private final Kernel kernel;
    private final Uverbs uverbs;
    private final Gup gup;

    public RdmaCalls(Kernel kernel, Uverbs uverbs, Gup gup) {
        this.kernel = kernel;
        this.uverbs = uverbs;
        this.gup = gup;
    }

    /** The verbs core behind these calls. */
    public Uverbs uverbs() {
        return uverbs;
    }

    /** The RDMA devices, in configuration order. */
    public List<IbDevice> devices() {
        return uverbs.devices();
    }

    /** The device with this name, or null. */
    public IbDevice device(String name) {
        return uverbs.device(name);
    }

    /** {@code ibv_reg_mr(pd, addr, length, access)} on the first device: the MR key, or the errno. */
    public SysResult regMr(Process process, long addr, long lengthBytes, int access) {
        return regMr(process, devices().get(0), addr, lengthBytes, access);
    }

    /** {@code ibv_reg_mr} on the named device: the MR key, or the errno (ENODEV for an unknown device). */
    public SysResult regMr(Process process, String deviceName, long addr, long lengthBytes, int access) {
        IbDevice device = device(deviceName);
        if (device == null) {
            return SysResult.err(Errno.ENODEV);
        }
        return regMr(process, device, addr, lengthBytes, access);
    }

    /** {@code ibv_reg_mr} on {@code device}: the MR key, or the errno (see {@link Uverbs#regMr}). */
    public SysResult regMr(Process process, IbDevice device, long addr, long lengthBytes, int access) {
        KResult<IbMr> mr = uverbs.regMr(process, device, addr, lengthBytes, access);
        return mr.isErr() ? SysResult.err(mr.errno()) : SysResult.value(mr.value().key());
    }

    /** {@code ibv_dereg_mr} of MR {@code key} on the first device: 0, or EINVAL for an unknown key. */
    public SysResult deregMr(Process process, int key) {
        return deregMr(process, devices().get(0), key);
    }

    /** {@code ibv_dereg_mr} on the named device: 0, EINVAL for an unknown key, ENODEV for an unknown device. */
    public SysResult deregMr(Process process, String deviceName, int key) {
        IbDevice device = device(deviceName);
        if (device == null) {
            return SysResult.err(Errno.ENODEV);
        }
        return deregMr(process, device, key);
    }

    /** {@code ibv_dereg_mr} on {@code device}: 0, or EINVAL for an unknown key. */
    public SysResult deregMr(Process process, IbDevice device, int key) {
        return SysResult.ofReturn(uverbs.deregMr(process, device, key));
    }

    /** The process's live MRs. */
    public List<IbMr> mrs(Process process) {
        return uverbs.mrs(process);
    }

    /**
     * An O_DIRECT-like transfer into {@code [addr, addr + lengthBytes)}: {@code get_user_pages()}
     * of the pages for write, without {@code FOLL_LONGTERM} (a short-term pin, which merged Linux
     * allows on fs-DAX), held for {@code holdNs} of virtual time as the I/O runs, then released.
     * While the pins are held, a truncate or punch of those blocks waits for them under the merged
     * kernel's rule ({@code dax_layout_busy_page}). Returns the length, EINVAL for a negative length
     * or hold time, or the pin's errno (EFAULT...).
     */
    public SysResult directIo(Process process, long addr, long lengthBytes, long holdNs) {
        if (lengthBytes < 0 || holdNs < 0) {
            return SysResult.err(Errno.EINVAL);
        }
        if (lengthBytes == 0) {
            return SysResult.ok();
        }
        MmStruct mm = process.mm();
        long first = addr & ~(Mm.PAGE_SIZE - 1);
        long npages = (Mm.pageAlign(addr + lengthBytes) - first) >>> Mm.PAGE_SHIFT;
        mm.mmapLock().downRead();
        KResult<List<Gup.UserPage>> pinned;
        try {
            pinned = gup.getUserPages(mm, first, npages, Gup.FOLL_WRITE);
        } finally {
            mm.mmapLock().upRead();
        }
        if (pinned.isErr()) {
            return SysResult.err(pinned.errno());
        }
        kernel.probes().hit("short-term pin held");
        if (holdNs > 0) {
            kernel.sim().sleepNs(holdNs, null);
        }
        gup.putPages(pinned.value(), false);
        return SysResult.value(lengthBytes);
    }
}
