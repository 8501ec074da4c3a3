package io.mapdirect.mm;

/**
 * What memory management needs of a {@code struct file} it maps: its address space, whether it is
 * DAX, its open mode, a reference count and its mmap hook. The filesystem layer implements it, so
 * {@code mm} stays below {@code fs}.
 */
public interface VmFile {
    /** {@code file->f_mapping}. */
    AddressSpace mapping();

    /** {@code IS_DAX(file_inode(file))}. */
    boolean isDax();

    /** {@code S_ISCHR(file_inode(file)->i_mode)}: a character device (device-dax). */
    default boolean isCharDevice() {
        return false;
    }

    /** {@code file->f_mode & FMODE_WRITE}. */
    boolean canWrite();

    /** {@code get_file()}. */
    void get();

    /** {@code fput()}. */
    void put();

    /**
     * Mirrors {@code call_mmap()} or, for MAP_SHARED_VALIDATE with non-legacy flags in the seed
     * profile, {@code file->f_op->mmap_validate(file, vma, map_flags, fd)} [01] [02]. Returns 0 or -errno.
     */
    int mmap(Vma vma, long mapFlags, int fd);

    /** For reports: the path the file was opened with. */
    String name();
}
