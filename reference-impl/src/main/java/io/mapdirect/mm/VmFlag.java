package io.mapdirect.mm;

/** The {@code VM_*} bits of a new VMA that do_mmap() computes from {@code prot} and {@code flags}. */
public enum VmFlag {
    READ, WRITE, EXEC, SHARED, MAYREAD, MAYWRITE, MAYEXEC, MAYSHARE, GROWSDOWN, LOCKED,
    /** Linux 4.15+: from MAP_SYNC (any map type; only a file's {@code ->mmap} looks at it). */
    SYNC,
    NORESERVE,
    /** Linux 6.11+: MAP_DROPPABLE. */
    DROPPABLE,
    /** The mapping is backed by hugetlbfs (set by hugetlbfs_file_mmap()). */
    HUGETLB
}
