package io.mapdirect.mm;

import static io.mapdirect.mm.MmapFlags.MAP_DIRECT;
import static io.mapdirect.mm.MmapFlags.MAP_SYNC;

/**
 * What an open file's {@code file_operations}, inode and mount give mmap: the hooks and masks each
 * profile reads, DAX, hugetlbfs, noexec, append-only and the largest mappable offset. One description
 * serves both profiles: the seed reads {@code hasMmapValidate}/{@code mmapValidateFlags} [01] [06],
 * merged Linux reads {@code mmapSupportedFlags}/{@code mmapRefusesSyncWithoutDax}.
 *
 * @param name                      a short name for reports ({@code "tmpfs"}, {@code "ext4"}, ...)
 * @param hasMmap                   {@code f_op->mmap} exists (otherwise do_mmap() answers ENODEV)
 * @param hasMmapValidate           seed [01]: {@code f_op->mmap_validate} exists
 * @param mmapValidateFlags         seed [06]: bits beyond LEGACY_MAP_MASK the validate hook accepts (xfs: MAP_DIRECT)
 * @param mmapSupportedFlags        6.x: bits beyond LEGACY_MAP_MASK do_mmap() lets through MAP_SHARED_VALIDATE
 *                                  ({@code FOP_MMAP_SYNC}, formerly {@code mmap_supported_flags}: MAP_SYNC)
 * @param mmapRefusesSyncWithoutDax 6.x: the file's {@code ->mmap} refuses VM_SYNC unless the inode is DAX on
 *                                  a synchronous device ({@code daxdev_mapping_supported()}: ext4, xfs)
 * @param dax                       {@code IS_DAX(inode)}
 * @param daxSynchronous            {@code dax_synchronous(dax_dev)}: CPU cache flushes reach persistence
 * @param hugePageShift             log2 of the page size on hugetlbfs, 0 for any other filesystem
 * @param noexecMount               {@code path_noexec()}: mounted noexec
 * @param appendOnly                {@code IS_APPEND(inode)} (chattr +a)
 * @param maxMmapBytes              {@code file_mmap_size_max()} (6.x), unsigned: MAX_LFS_FILESIZE for regular
 *                                  files, {@code -1L} (ULONG_MAX) for directories and devices
 */
public record FileOps(String name, boolean hasMmap, boolean hasMmapValidate, int mmapValidateFlags,
                      int mmapSupportedFlags, boolean mmapRefusesSyncWithoutDax, boolean dax, boolean daxSynchronous,
                      int hugePageShift, boolean noexecMount, boolean appendOnly, long maxMmapBytes) {
    /** {@code MAX_LFS_FILESIZE} on 64-bit: {@code LLONG_MAX}. */
    public static final long MAX_LFS_FILESIZE = Long.MAX_VALUE;
    /** {@code ULONG_MAX}: the limit file_mmap_size_max() gives files that are not regular, block or socket. */
    public static final long ULONG_MAX = -1L;

    /** tmpfs / shmem: a plain {@code ->mmap} that ignores VM_SYNC; no validate hook, no FOP_MMAP_SYNC. */
    public static FileOps tmpfs() {
        return plain("tmpfs");
    }

    /** A filesystem with a plain {@code ->mmap} and no MAP_SYNC or MAP_DIRECT support at all (btrfs, ramfs). */
    public static FileOps plain(String name) {
        return new FileOps(name, true, false, 0, 0, false, false, false, 0, false, false, MAX_LFS_FILESIZE);
    }

    /**
     * ext4, not DAX: FOP_MMAP_SYNC lets MAP_SHARED_VALIDATE|MAP_SYNC past do_mmap(), and its
     * {@code ->mmap} then refuses VM_SYNC with EOPNOTSUPP; the seed gave ext4 no validate hook.
     */
    public static FileOps ext4() {
        return new FileOps("ext4", true, false, 0, MAP_SYNC, true, false, false, 0, false, false, MAX_LFS_FILESIZE);
    }

    /** xfs, not DAX: as {@link #ext4()} for merged Linux; in the seed it has {@code xfs_file_mmap_validate} [06]. */
    public static FileOps xfs() {
        return new FileOps("xfs", true, true, MAP_DIRECT, MAP_SYNC, true, false, false, 0, false, false,
                MAX_LFS_FILESIZE);
    }

    /** xfs mounted DAX on persistent memory with a synchronous DAX device: MAP_SYNC and MAP_DIRECT are supported. */
    public static FileOps xfsDax() {
        return xfs().withDax(true, true).withName("xfs-dax");
    }

    /** ext4 mounted DAX on a synchronous DAX device. */
    public static FileOps ext4Dax() {
        return ext4().withDax(true, true).withName("ext4-dax");
    }

    /** A directory: no {@code ->mmap} (ENODEV), and file_mmap_size_max() is ULONG_MAX. */
    public static FileOps directory(String name) {
        return new FileOps(name, false, false, 0, 0, false, false, false, 0, false, false, ULONG_MAX);
    }

    /** A hugetlbfs file with pages of {@code 1 << shift} bytes (the file an anonymous MAP_HUGETLB gets too). */
    public static FileOps hugetlbfs(int shift) {
        return new FileOps("hugetlbfs", true, false, 0, 0, false, false, false, shift, false, false,
                MAX_LFS_FILESIZE);
    }

    /** Mirrors {@code is_file_hugepages()} (seed silent). */
    public boolean hugetlbfs() {
        return hugePageShift != 0;
    }

    /** Whether the seed's MAP_SHARED_VALIDATE|MAP_DIRECT gets past do_mmap() [01] and the validate hook [06]. */
    public boolean supportsMapDirect() {
        return hasMmapValidate && (mmapValidateFlags & MAP_DIRECT) != 0;
    }

    /** Whether merged Linux's MAP_SHARED_VALIDATE|MAP_SYNC gets past do_mmap() and {@code ->mmap} (spec §7). */
    public boolean supportsMapSync() {
        return (mmapSupportedFlags & MAP_SYNC) != 0 && (!mmapRefusesSyncWithoutDax || dax && daxSynchronous);
    }

    public FileOps withName(String value) {
        return new FileOps(value, hasMmap, hasMmapValidate, mmapValidateFlags, mmapSupportedFlags,
                mmapRefusesSyncWithoutDax, dax, daxSynchronous, hugePageShift, noexecMount, appendOnly, maxMmapBytes);
    }

    public FileOps withDax(boolean isDax, boolean synchronous) {
        return new FileOps(name, hasMmap, hasMmapValidate, mmapValidateFlags, mmapSupportedFlags,
                mmapRefusesSyncWithoutDax, isDax, synchronous, hugePageShift, noexecMount, appendOnly, maxMmapBytes);
    }

    public FileOps withNoexecMount(boolean value) {
        return new FileOps(name, hasMmap, hasMmapValidate, mmapValidateFlags, mmapSupportedFlags,
                mmapRefusesSyncWithoutDax, dax, daxSynchronous, hugePageShift, value, appendOnly, maxMmapBytes);
    }

    public FileOps withAppendOnly(boolean value) {
        return new FileOps(name, hasMmap, hasMmapValidate, mmapValidateFlags, mmapSupportedFlags,
                mmapRefusesSyncWithoutDax, dax, daxSynchronous, hugePageShift, noexecMount, value, maxMmapBytes);
    }
}
