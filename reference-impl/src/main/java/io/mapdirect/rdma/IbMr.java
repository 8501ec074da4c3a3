package io.mapdirect.rdma;

import io.mapdirect.kernel.KObject;
import io.mapdirect.kernel.Kernel;

/**
 * {@code struct ib_mr} of a user MR: its key in the NIC (lkey = rkey), the user range and access it
 * was registered with, and the {@link IbUmem} behind it.
 */
public final class IbMr extends KObject {
    private final IbUcontext context;
    private final IbUmem umem;
    private final int access;
    private int key = -1;

    IbMr(Kernel kernel, IbUcontext context, IbUmem umem, int access) {
        super(kernel, "ib_mr");
        this.context = context;
        this.umem = umem;
        this.access = access;
    }

    /** The MR key in the NIC. */
    public int key() {
        return key;
    }

    void setKey(int key) {
        this.key = key;
    }

    public IbUcontext context() {
        return context;
    }

    public IbDevice device() {
        return context.device();
    }

    public int pid() {
        return context.process().pid();
    }

    public IbUmem umem() {
        return umem;
    }

    public int access() {
        return access;
    }

    public long address() {
        return umem.address();
    }

    public long lengthBytes() {
        return umem.lengthBytes();
    }

    public boolean odp() {
        return umem.isOdp();
    }

    @Override
    public String toString() {
        return "mr " + key + " on " + context.device().name() + " (pid " + pid() + ")";
    }
}
