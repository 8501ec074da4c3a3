package io.mapdirect.rdma;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.mm.Gup;
import io.mapdirect.mm.PagePins;
import io.mapdirect.proc.Process;
import java.util.ArrayList;
import java.util.List;

/**
 * The verbs core of one kernel ({@code drivers/infiniband/core}: {@code uverbs_cmd.c}, {@code umem.c},
 * {@code umem_odp.c}) over its RDMA devices: user contexts, memory registration and deregistration,
 * ODP umems and the lease break callback. The device's driver part (programming the NIC's MR
 * context) is folded in: {@code ib_uverbs_reg_mr} → {@code ->reg_user_mr} → {@code ib_umem_get}
 * then the MR context; {@code ib_uverbs_dereg_mr} → destroy the MR context (which fences the
 * device) → {@code ib_umem_release}.
 */
public final class Uverbs {
    private final Kernel kernel;
    private final List<IbDevice> devices;
    private final UmemRelease release;
    private final UmemGet umemGet;
    private final List<IbUcontext> contexts = new ArrayList<>();

    public Uverbs(Kernel kernel, Gup gup, List<IbDevice> devices) {
        this.kernel = kernel;
        this.devices = List.copyOf(devices);
        PagePins pins = gup.pins();
        this.release = new UmemRelease(kernel, pins);
        this.umemGet = new UmemGet(kernel, gup, release, new UmemLeaseBreak(kernel));
        for (IbDevice device : this.devices) {
            device.nic().setOdpFaultHandler(new OdpFaults(kernel, gup, device));
        }
    }

    /** The devices, in configuration order. */
    public List<IbDevice> devices() {
        return devices;
    }

    /** The device with this name, or null. */
    public IbDevice device(String name) {
        for (IbDevice device : devices) {
            if (device.name().equals(name)) {
                return device;
            }
        }
        return null;
    }

    /**
     * The process's user context on {@code device} ({@code ibv_open_device}), created on first use;
     * it is closed, deregistering what is left, when the process exits. Model choice: opening a
     * context cannot fail.
     *
     * @kernel drivers/infiniband/core/uverbs_cmd.c ib_uverbs_get_context()
     * @departure bookkeeping the context cannot fail to open: no case injects its allocation failure, and
     *     a registration needs a context either way
     */
    public IbUcontext context(Process process, IbDevice device) {
        IbUcontext existing = findContext(process, device);
        if (existing != null) {
            return existing;
        }
        IbUcontext context = new IbUcontext(process, device);
        contexts.add(context);
        process.releaseAtExit(() -> closeContext(context));
        return context;
    }

    /** Every live MR of {@code process}, by device then key. */
    public List<IbMr> mrs(Process process) {
        List<IbMr> result = new ArrayList<>();
        for (IbUcontext context : contexts) {
            if (context.process() == process) {
                result.addAll(context.mrs());
            }
        }
        return result;
    }

    /**
     * Mirrors {@code ib_uverbs_reg_mr()} with the driver's {@code reg_user_mr}: checks the access
     * flags ({@code ib_check_mr_access}: EINVAL), gets the umem (ODP when the policy says every user
     * MR is ODP, or when asked with {@link IbAccess#ON_DEMAND}), allocates the MR and programs its
     * context in the NIC from the mapped scatterlist (or an empty ODP context). Returns the MR or the
     * errno; a failure leaves nothing behind.
     *
     * @kernel drivers/infiniband/core/uverbs_cmd.c ib_uverbs_reg_mr()
     */
    public KResult<IbMr> regMr(Process process, IbDevice device, long addr, long lengthBytes, int access) {
        KResult<IbMr> result = register(process, device, addr, lengthBytes, access);
        if (result.isErr()) {
            kernel.emit(new RdmaEvent.MrRegistrationFailed(device.name(), process.pid(), addr, lengthBytes,
                    result.errno()));
        }
        return result;
    }

    private KResult<IbMr> register(Process process, IbDevice device, long addr, long lengthBytes, int access) {
        if (!IbAccess.valid(access)) {
            return KResult.err(Errno.EINVAL);
        }
        IbUcontext context = context(process, device);
        boolean odp = kernel.policy().odp() || (access & IbAccess.ON_DEMAND) != 0;
        KResult<IbUmem> got = odp ? odpGet(context, addr, lengthBytes, access)
                : umemGet.get(context, addr, lengthBytes, access);
        if (got.isErr()) {
            return got.castErr();
        }
        IbUmem umem = got.value();
        IbMr mr = kernel.kmem().kzalloc("ib_mr", () -> new IbMr(kernel, context, umem, access));
        if (mr == null) {
            releaseUmem(umem);
            return KResult.err(Errno.ENOMEM);
        }
        int key = odp ? device.nic().createOdpMr(addr, lengthBytes)
                : device.nic().createMr(addr, lengthBytes, umem.sg(), umem.nmap());
        mr.setKey(key);
        umem.setMr(key, true);
        context.add(mr);
        device.add(mr);
        probeIovaReuse(device, umem);
        kernel.emit(registered(mr));
        return KResult.ok(mr);
    }

    /**
     * Mirrors the ODP branch of {@code ib_umem_get()} ({@code ib_umem_odp_get()}): the umem and its
     * ODP part, registered as an MMU notifier of the process's mm. No page is pinned, no lease taken,
     * no IOMMU needed [34] [38].
     *
     * @kernel drivers/infiniband/core/umem_odp.c ib_umem_odp_get()
     */
    private KResult<IbUmem> odpGet(IbUcontext context, long addr, long lengthBytes, int access) {
        if (Long.compareUnsigned(addr + lengthBytes, addr) < 0 || lengthBytes == 0) {
            return KResult.err(Errno.EINVAL);
        }
        IbUmem umem = kernel.kmem().kzalloc("ib_umem",
                () -> new IbUmem(kernel, context, addr, lengthBytes, IbAccess.writable(access)));
        if (umem == null) {
            return KResult.err(Errno.ENOMEM);
        }
        IbUmemOdp odp = kernel.kmem().kzalloc("ib_umem_odp",
                () -> new IbUmemOdp(kernel, umem, context.process().mm()));
        if (odp == null) {
            kernel.kmem().kfree(umem, "ib_umem_get");
            return KResult.err(Errno.ENOMEM);
        }
        umem.setOdp(odp);
        odp.mm().registerNotifier(odp);
        return KResult.ok(umem);
    }

    /** "IOVA reused while its MR is live": the new range overlaps the range of an MR not yet released (v7 [15]). */
    private void probeIovaReuse(IbDevice device, IbUmem fresh) {
        if (fresh.iovaRange() == null) {
            return;
        }
        for (IbMr other : device.mrs()) {
            if (other.umem() != fresh && other.umem().iovaRange() != null
                    && other.umem().iovaRange().overlaps(fresh.iovaRange())) {
                kernel.probes().hit("IOVA reused while its MR is live");
            }
        }
    }

    private static RdmaEvent.MrRegistered registered(IbMr mr) {
        IbUmem umem = mr.umem();
        List<RdmaEvent.MrPage> pages = new ArrayList<>();
        List<IbUmem.UmemPage> umemPages = umem.isOdp() ? List.of() : umem.pages();
        for (int i = 0; i < umemPages.size(); i++) {
            IbUmem.UmemPage page = umemPages.get(i);
            pages.add(new RdmaEvent.MrPage(page.address(), page.pfn(), umem.sg().get(i).dmaAddress(), page.ino(),
                    page.fileBlock()));
        }
        long iovaStart = umem.iovaRange() == null ? -1 : umem.iovaRange().startPfn();
        long iovaPages = umem.iovaRange() == null ? 0 : umem.iovaRange().pages();
        return new RdmaEvent.MrRegistered(mr.device().name(), mr.key(), mr.pid(), umem.toString(), umem.isOdp(),
                umem.address(), umem.lengthBytes(), iovaStart, iovaPages, pages);
    }

    /**
     * Mirrors {@code ib_uverbs_dereg_mr()} → the driver's {@code dereg_mr}: destroys the MR context
     * in the NIC (a synchronous fence: no DMA through it afterwards [40]), then
     * {@code ib_umem_release()}, then frees the MR. Returns 0, or -EINVAL for a key the process has
     * no MR under on this device.
     *
     * @kernel drivers/infiniband/core/uverbs_cmd.c ib_uverbs_dereg_mr()
     */
    public int deregMr(Process process, IbDevice device, int key) {
        IbUcontext context = findContext(process, device);
        IbMr mr = context == null ? null : context.mr(key);
        if (mr == null) {
            return Errno.EINVAL.negative();
        }
        destroy(mr);
        return 0;
    }

    /** The open context of {@code process} on {@code device}, or null (closed contexts leave the list). */
    private IbUcontext findContext(Process process, IbDevice device) {
        for (IbUcontext context : contexts) {
            if (context.process() == process && context.device() == device) {
                return context;
            }
        }
        return null;
    }

    private void destroy(IbMr mr) {
        IbUmem umem = mr.umem();
        IbDevice device = mr.device();
        mr.context().remove(mr);
        device.remove(mr);
        device.nic().destroyMr(mr.key());
        umem.setMr(mr.key(), false);
        releaseUmem(umem);
        kernel.emit(new RdmaEvent.MrDeregistered(device.name(), mr.key(), mr.pid(), umem.toString()));
        kernel.kmem().kfree(mr, "ib_dereg_mr");
    }

    private void releaseUmem(IbUmem umem) {
        if (umem.isOdp()) {
            release.releaseOdp(umem);
        } else {
            release.releaseAndFree(umem);
        }
    }

    /**
     * Mirrors {@code ib_uverbs_cleanup_ucontext()} as {@code ib_uverbs_close()} runs it when the
     * uverbs fd is closed (at the latest at exit): every MR left is deregistered, in key order [40].
     *
     * @kernel drivers/infiniband/core/uverbs_main.c ib_uverbs_cleanup_ucontext()
     */
    void closeContext(IbUcontext context) {
        for (IbMr mr : context.mrs()) {
            destroy(mr);
        }
        context.markClosed();
        contexts.remove(context);
    }
}
