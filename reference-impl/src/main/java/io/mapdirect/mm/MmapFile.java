package io.mapdirect.mm;

/**
 * The file side of an mmap call: whether the fd names an open file ({@code fget()} succeeds), the mode
 * it was opened with, and what the file offers ({@link FileOps}). An anonymous mapping ignores all of
 * it; for {@link Fd#BAD} the mode and ops are ignored too.
 *
 * @param fd       whether {@code fget(fd)} finds an open file
 * @param openMode the {@code O_ACCMODE} the file was opened with
 * @param ops      the file's mmap-relevant operations and attributes
 */
public record MmapFile(Fd fd, OpenMode openMode, FileOps ops) {
    /** Whether the fd refers to an open file. */
    public enum Fd { VALID, BAD }

    /** A closed or never-opened fd, as an anonymous mapping passes (-1). */
    public static final MmapFile BAD_FD = new MmapFile(Fd.BAD, OpenMode.O_RDONLY, FileOps.directory("none"));

    /** A file opened with {@code mode}. */
    public static MmapFile open(OpenMode mode, FileOps ops) {
        return new MmapFile(Fd.VALID, mode, ops);
    }

    /**
     * Mirrors {@code hugetlb_file_setup()} (seed silent): the file an anonymous MAP_HUGETLB mapping gets, opened read-write,
     * on the internal hugetlbfs mount of that page size.
     */
    static MmapFile anonymousHugetlb(int hugePageShift) {
        return open(OpenMode.O_RDWR, FileOps.hugetlbfs(hugePageShift).withName("anon_hugepage"));
    }

    public boolean valid() {
        return fd == Fd.VALID;
    }

    @Override
    public String toString() {
        return valid() ? ops.name() + "/" + openMode : "EBADF-fd";
    }
}
