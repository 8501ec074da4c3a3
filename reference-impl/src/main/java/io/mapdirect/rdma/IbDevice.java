package io.mapdirect.rdma;

import io.mapdirect.dma.DmaMapping;
import io.mapdirect.hw.PciDevice;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.nic.Nic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code struct ib_device}: an RDMA device as the verbs core sees it, binding the {@link Nic} (the
 * hardware and its MR contexts), its PCI device ({@code ib_device->dma_device}) and the DMA-mapping
 * API, with the driver's table of live MRs by key. {@code scratchPfn} is the DRAM page the REMAP
 * variant retargets revoked IOVAs to [43].
 */
public final class IbDevice {
    private final Kernel kernel;
    private final Nic nic;
    private final DmaMapping dma;
    private final long scratchPfn;
    private final Map<Integer, IbMr> mrs = new TreeMap<>();

    public IbDevice(Kernel kernel, Nic nic, DmaMapping dma, long scratchPfn) {
        this.kernel = kernel;
        this.nic = nic;
        this.dma = dma;
        this.scratchPfn = scratchPfn;
    }

    public String name() {
        return nic.name();
    }

    public Kernel kernel() {
        return kernel;
    }

    public Nic nic() {
        return nic;
    }

    /** {@code ib_device->dma_device}. */
    public PciDevice dmaDevice() {
        return nic.device();
    }

    public DmaMapping dma() {
        return dma;
    }

    /** The REMAP variant's scratch page [43]. */
    public long scratchPfn() {
        return scratchPfn;
    }

    /** The live MR with this key, or null. */
    public IbMr mr(int key) {
        return mrs.get(key);
    }

    /** Every live MR, by key. */
    public List<IbMr> mrs() {
        return new ArrayList<>(mrs.values());
    }

    void add(IbMr mr) {
        mrs.put(mr.key(), mr);
    }

    void remove(IbMr mr) {
        mrs.remove(mr.key());
    }

    @Override
    public String toString() {
        return name();
    }
}
