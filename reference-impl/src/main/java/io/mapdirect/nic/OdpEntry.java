package io.mapdirect.nic;

/** One translation of an ODP MR's device page table: MR page {@code iovaPfn} to pmem {@code block}. */
public final class OdpEntry {
    private final long iovaPfn;
    private final int block;
    private final boolean writable;
    private boolean live = true;

    OdpEntry(long iovaPfn, int block, boolean writable) {
        this.iovaPfn = iovaPfn;
        this.block = block;
        this.writable = writable;
    }

    public long iovaPfn() {
        return iovaPfn;
    }

    public int block() {
        return block;
    }

    public boolean writable() {
        return writable;
    }

    /** False once zapped (or replaced, or the MR destroyed). */
    public boolean isLive() {
        return live;
    }

    void kill() {
        live = false;
    }

    @Override
    public String toString() {
        return "odp{pfn 0x" + Long.toHexString(iovaPfn) + " -> block " + block + (writable ? " rw" : " ro")
                + (live ? "" : " zapped") + "}";
    }
}
