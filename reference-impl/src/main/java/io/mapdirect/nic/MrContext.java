package io.mapdirect.nic;

import io.mapdirect.hw.Pmem;
import io.mapdirect.iommu.TranslationEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An MR context in the NIC (the mkey context of drivers/infiniband/hw): the MR's address range,
 * whether it is valid, its QP's state and how it translates. A pinned MR carries a translation
 * table of bus addresses, one per page (the MTT, filled from {@code sg_dma_address()}); an ODP MR
 * carries the device's own page table of MR page to pmem block, filled by the driver's fault
 * handler and zapped by invalidations [34] [38]. Only {@link Nic} changes it.
 */
public final class MrContext {
    private final int key;
    private final long iovaStart;
    private final long lengthBytes;
    private final boolean odp;
    private final long[] pageBusAddresses;
    private final TreeMap<Long, TranslationEntry> odpTable = new TreeMap<>();
    private boolean valid = true;
    private QpState qpState = QpState.OK;

    MrContext(int key, long iovaStart, long lengthBytes, boolean odp, long[] pageBusAddresses) {
        this.key = key;
        this.iovaStart = iovaStart;
        this.lengthBytes = lengthBytes;
        this.odp = odp;
        this.pageBusAddresses = pageBusAddresses;
    }

    /** The MR key (lkey = rkey in the model). */
    public int key() {
        return key;
    }

    /** The MR's start address: offset 0 of every DMA through it. */
    public long iovaStart() {
        return iovaStart;
    }

    public long lengthBytes() {
        return lengthBytes;
    }

    /** Whether this is an on-demand-paging MR. */
    public boolean odp() {
        return odp;
    }

    /** False once invalidated or destroyed. */
    public boolean valid() {
        return valid;
    }

    public QpState qpState() {
        return qpState;
    }

    /** The live ODP translation for MR page {@code iovaPfn}, or null. */
    public TranslationEntry odpEntry(long iovaPfn) {
        return odpTable.get(iovaPfn);
    }

    /** Every live ODP translation, by page. */
    public List<TranslationEntry> odpEntries() {
        return new ArrayList<>(odpTable.values());
    }

    /** The MTT: bus address of each page of a pinned MR (a copy; empty for ODP). */
    public long[] pageBusAddresses() {
        return pageBusAddresses == null ? new long[0] : pageBusAddresses.clone();
    }

    /** The bus address of byte {@code offsetBytes} of a pinned MR, through the MTT. */
    long busAddressAt(long offsetBytes) {
        long address = iovaStart + offsetBytes;
        return pageBusAddresses[(int) mttIndex(offsetBytes)] + (address & (Pmem.PAGE_SIZE - 1));
    }

    /** Whether the MR covers byte {@code offsetBytes} (and, for a pinned MR, its MTT has the page). */
    boolean contains(long offsetBytes) {
        if (offsetBytes < 0 || offsetBytes >= lengthBytes) {
            return false;
        }
        return odp || mttIndex(offsetBytes) < pageBusAddresses.length;
    }

    private long mttIndex(long offsetBytes) {
        return ((iovaStart & (Pmem.PAGE_SIZE - 1)) + offsetBytes) >>> Pmem.PAGE_SHIFT;
    }

    void invalidate() {
        valid = false;
        zap(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    void setQpState(QpState state) {
        this.qpState = state;
    }

    void install(TranslationEntry entry) {
        TranslationEntry previous = odpTable.put(entry.iovaPfn(), entry);
        if (previous != null) {
            previous.kill();
        }
    }

    /** Drops the ODP translations in {@code [firstPfn, lastPfn]}; returns how many there were. */
    int zap(long firstPfn, long lastPfn) {
        Map<Long, TranslationEntry> range = odpTable.subMap(firstPfn, true, lastPfn, true);
        int dropped = range.size();
        for (TranslationEntry entry : range.values()) {
            entry.kill();
        }
        range.clear();
        return dropped;
    }

    @Override
    public String toString() {
        return "mr{key " + key + " 0x" + Long.toHexString(iovaStart) + "+" + lengthBytes + (odp ? " odp" : "")
                + (valid ? "" : " invalid") + " qp " + qpState + "}";
    }
}
