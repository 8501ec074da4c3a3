package io.mapdirect.mm;

import io.mapdirect.kernel.KObject;

/**
 * {@code struct vm_area_struct}: a range {@code [start, end)} of one address space mapping a file
 * from page offset {@code pgoff} (or anonymous memory when {@code file} is null).
 *
 * <p>A tracked object ({@link KObject}, numbered by its own serial): {@code remove_vma()} and the
 * unwinding of a failed mmap free it, and model code that dereferences a VMA pointer it keeps
 * (as {@code mds->mds_vma} [04]) calls {@link #use}, so a use after the VMA was freed is an oops.
 */
public final class Vma extends KObject {
    private final MmStruct mm;
    private final long serial;
    private long start;
    private long end;
    private long pgoff;
    private int vmFlags;
    private final VmFile file;
    private VmOperations ops;
    private Object privateData;

    Vma(MmStruct mm, long start, long end, long pgoff, int vmFlags, VmFile file) {
        this(mm, mm.kernel().nextSerial("vma"), start, end, pgoff, vmFlags, file);
    }

    private Vma(MmStruct mm, long serial, long start, long end, long pgoff, int vmFlags, VmFile file) {
        super(mm.kernel(), "vm_area_struct", serial);
        this.mm = mm;
        this.serial = serial;
        this.start = start;
        this.end = end;
        this.pgoff = pgoff;
        this.vmFlags = vmFlags;
        this.file = file;
    }

    /** A copy of {@code other} for a split or a fork, owned by {@code mm}. */
    Vma(MmStruct mm, Vma other) {
        this(mm, other.start, other.end, other.pgoff, other.vmFlags, other.file);
        this.ops = other.ops;
        this.privateData = other.privateData;
    }

    public MmStruct mm() {
        return mm;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public long pgoff() {
        return pgoff;
    }

    public long pages() {
        return (end - start) / Mm.PAGE_SIZE;
    }

    public int vmFlags() {
        return vmFlags;
    }

    public VmFile file() {
        return file;
    }

    public VmOperations ops() {
        return ops;
    }

    public void setOps(VmOperations ops) {
        this.ops = ops;
    }

    /** {@code vm_private_data}. */
    public Object privateData() {
        return privateData;
    }

    public void setPrivateData(Object privateData) {
        this.privateData = privateData;
    }

    public void addVmFlags(int flags) {
        vmFlags |= flags;
    }

    void setVmFlags(int flags) {
        vmFlags = flags;
    }

    void setRange(long newStart, long newEnd, long newPgoff) {
        start = newStart;
        end = newEnd;
        pgoff = newPgoff;
    }

    public boolean contains(long address) {
        return address >= start && address < end;
    }

    public boolean isShared() {
        return (vmFlags & Mm.VM_SHARED) != 0;
    }

    public boolean isWritable() {
        return (vmFlags & Mm.VM_WRITE) != 0;
    }

    public boolean isReadable() {
        return (vmFlags & Mm.VM_READ) != 0;
    }

    /** {@code vma_is_dax()}: a file mapping of a DAX inode. */
    public boolean isDax() {
        return file != null && file.isDax();
    }

    /**
     * {@code vma_is_fsdax()}: a DAX mapping of a filesystem file, as opposed to device-dax (a
     * character device), whose blocks the filesystem may move; what merged Linux refuses to
     * long-term pin.
     */
    public boolean isFsDax() {
        return isDax() && !file.isCharDevice();
    }

    /** File byte offset of {@code address} in this VMA. */
    public long fileOffsetOf(long address) {
        return pgoff * Mm.PAGE_SIZE + (address - start);
    }

    /** {@code "vma#7[0x10000000-0x10004000)"}. */
    @Override
    public String label() {
        return "vma#" + serial + "[0x" + Long.toHexString(start) + "-0x" + Long.toHexString(end) + ")";
    }

    public long serial() {
        return serial;
    }

    @Override
    public String toString() {
        return label();
    }
}
