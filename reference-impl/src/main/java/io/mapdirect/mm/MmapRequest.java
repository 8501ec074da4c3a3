package io.mapdirect.mm;

/**
 * The arguments of one {@code mmap(2)} call apart from the fd: what userspace passes in
 * {@code addr}, {@code length}, {@code prot}, {@code flags} and {@code offset}. Lengths, addresses and
 * offsets are unsigned 64-bit values held in a {@code long} (as {@code unsigned long} and the x86-64
 * {@code off} register are), so {@code -4095L} is the length {@code 0xfffffffffffff001}.
 *
 * @param addr        the hint, or with MAP_FIXED the address
 * @param lengthBytes {@code len}
 * @param prot        the {@code PROT_*} word
 * @param flags       the {@code MAP_*} word as the 32-bit {@code int} userspace passes
 * @param offsetBytes the file offset in bytes ({@code off} of the x86-64 syscall)
 */
public record MmapRequest(long addr, long lengthBytes, int prot, int flags, long offsetBytes) {
    /** A request at {@code addr = 0}, offset 0. */
    public static MmapRequest of(long lengthBytes, int prot, int flags) {
        return new MmapRequest(0, lengthBytes, prot, flags, 0);
    }

    public MmapRequest withFlags(int value) {
        return new MmapRequest(addr, lengthBytes, prot, value, offsetBytes);
    }

    public MmapRequest withProt(int value) {
        return new MmapRequest(addr, lengthBytes, value, flags, offsetBytes);
    }

    public MmapRequest withLengthBytes(long value) {
        return new MmapRequest(addr, value, prot, flags, offsetBytes);
    }

    public MmapRequest withOffsetBytes(long value) {
        return new MmapRequest(addr, lengthBytes, prot, flags, value);
    }

    public MmapRequest withAddr(long value) {
        return new MmapRequest(value, lengthBytes, prot, flags, offsetBytes);
    }

    @Override
    public String toString() {
        return "mmap(addr=0x" + Long.toHexString(addr) + ", len=0x" + Long.toHexString(lengthBytes) + ", prot="
                + MmapFlags.describeProt(prot) + ", flags=" + MmapFlags.describe(flags) + ", off=0x"
                + Long.toHexString(offsetBytes) + ")";
    }
}
