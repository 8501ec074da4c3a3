package io.mapdirect.rdma;

import io.mapdirect.proc.Process;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code struct ib_ucontext}: one process's user context on one device (what {@code ibv_open_device}
 * sets up behind the uverbs fd) with the MRs it registered. Closing it, which the process's exit
 * does as it closes the uverbs fd ({@code ib_uverbs_cleanup_ucontext()} [40]), deregisters every MR
 * left.
 */
public final class IbUcontext {
    private final Process process;
    private final IbDevice device;
    private final Map<Integer, IbMr> mrs = new TreeMap<>();
    private boolean closed;

    IbUcontext(Process process, IbDevice device) {
        this.process = process;
        this.device = device;
    }

    public Process process() {
        return process;
    }

    public IbDevice device() {
        return device;
    }

    /** The context's live MRs, by key. */
    public List<IbMr> mrs() {
        return new ArrayList<>(mrs.values());
    }

    IbMr mr(int key) {
        return mrs.get(key);
    }

    void add(IbMr mr) {
        mrs.put(mr.key(), mr);
    }

    void remove(IbMr mr) {
        mrs.remove(mr.key());
    }

    public boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    @Override
    public String toString() {
        return "ib_ucontext(" + process.name() + " on " + device.name() + ")";
    }
}
