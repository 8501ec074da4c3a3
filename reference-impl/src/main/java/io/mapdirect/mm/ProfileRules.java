package io.mapdirect.mm;

import static io.mapdirect.kernel.Errno.EOPNOTSUPP;
import static io.mapdirect.mm.MmapCall.refuse;
import static io.mapdirect.mm.MmapFlags.*;

import io.mapdirect.kernel.FlagProfile;

/**
 * Everything in which the seed's mmap [01] [02] [06] and merged Linux 6.x differ, in one place. The
 * shared path is {@link MmapCall}; it asks these rules at each point where the two kernels part ways.
 */
enum ProfileRules {
    /** The 2017 thread: 4.14-era do_mmap() with [01]'s MAP_SHARED_VALIDATE case and [06]'s xfs hook. */
    SEED_2017 {
        /** [02]'s {@code SYSCALL_DEFINE6(mmap_pgoff)}: {@code flags &= ~(MAP_EXECUTABLE | MAP_DENYWRITE)}. */
        @Override
        int syscallFlags(int flags) {
            return flags & ~(MAP_EXECUTABLE | MAP_DENYWRITE);
        }

        /**
         * [01]'s new {@code case (MAP_SHARED_VALIDATE)} of do_mmap(): with only legacy flags the request is
         * downgraded to MAP_SHARED ("invoke ->mmap() instead of ->mmap_validate()"); otherwise a file without
         * {@code ->mmap_validate} refuses with EOPNOTSUPP; then it falls through to MAP_SHARED. Plain
         * MAP_SHARED has no prologue: unknown bits, MAP_DIRECT included, are ignored.
         *
         * @kernel mm/mmap.c do_mmap() [01]
         */
        @Override
        MmapVerdict sharedPrologue(MmapCall call) {
            if ((call.flags & MAP_TYPE) != MAP_SHARED_VALIDATE) {
                return null;
            }
            if ((call.flags & ~SEED_LEGACY_MAP_MASK) == 0) {
                call.flags = (call.flags & ~MAP_TYPE) | MAP_SHARED;
                return null;
            }
            if (!call.file.ops().hasMmapValidate()) {
                return refuse(EOPNOTSUPP, "do_mmap: MAP_SHARED_VALIDATE && !file->f_op->mmap_validate");
            }
            return null;
        }

        /**
         * [01]'s mmap_region(): {@code if ((map_flags & MAP_TYPE) == MAP_SHARED_VALIDATE)} call
         * {@code ->mmap_validate()}, modelled on [06]'s xfs_file_mmap_validate(): anything outside
         * {@code LEGACY_MAP_MASK | MAP_DIRECT} is EOPNOTSUPP. What MAP_DIRECT then does (the lease, its
         * permission check, a policy that refuses non-DAX files) belongs to the fs layer, not to this check.
         *
         * @kernel mm/mmap.c mmap_region() [01] [02]
         * @kernel fs/xfs/xfs_file.c xfs_file_mmap_validate() [06]
         */
        @Override
        MmapVerdict callMmapHook(MmapCall call) {
            if ((call.flags & MAP_TYPE) == MAP_SHARED_VALIDATE) {
                call.callsMmapValidate = true;
                if ((call.flags & ~(SEED_LEGACY_MAP_MASK | call.file.ops().mmapValidateFlags())) != 0) {
                    return refuse(EOPNOTSUPP, "xfs_file_mmap_validate: map_flags & ~XFS_MAP_SUPPORTED");
                }
            }
            return call.file.ops().hugetlbfs() ? call.hugetlbfsFileMmap() : null;
        }
    },

    /** Merged Linux (6.x, checked against 6.18): mmap_supported_flags / FOP_MMAP_SYNC, MAP_SYNC, later flags. */
    LINUX_6X {
        @Override
        boolean hasFixedNoreplace() {
            return true;
        }

        @Override
        boolean checksFileMmapSize() {
            return true;
        }

        @Override
        boolean translatesMapSync() {
            return true;
        }

        @Override
        boolean hasDroppable() {
            return true;
        }

        /**
         * do_mmap()'s 6.x file switch: MAP_SHARED first drops every bit outside LEGACY_MAP_MASK ("We silently
         * ignore unsupported flags with MAP_SHARED"), then both MAP_SHARED and MAP_SHARED_VALIDATE refuse
         * {@code flags & ~(LEGACY_MAP_MASK | mmap_supported_flags)} with EOPNOTSUPP. MAP_FIXED_NOREPLACE is
         * outside the mask, so MAP_SHARED_VALIDATE|MAP_FIXED_NOREPLACE is EOPNOTSUPP (seen on 6.18).
         */
        @Override
        MmapVerdict sharedPrologue(MmapCall call) {
            if ((call.flags & MAP_TYPE) == MAP_SHARED) {
                call.flags &= LINUX_6X_LEGACY_MAP_MASK;
            }
            int flagsMask = LINUX_6X_LEGACY_MAP_MASK | call.file.ops().mmapSupportedFlags();
            if ((call.flags & ~flagsMask) != 0) {
                return refuse(EOPNOTSUPP, "do_mmap: flags & ~flags_mask");
            }
            return null;
        }

        /**
         * mmap_region() calls the file's {@code ->mmap} (or {@code ->mmap_prepare}). ext4 and xfs refuse
         * VM_SYNC unless the inode is DAX on a synchronous device ({@code daxdev_mapping_supported()}:
         * EOPNOTSUPP). VM_SYNC comes from MAP_SYNC whatever the map type, so on those filesystems even
         * MAP_SHARED|MAP_SYNC and MAP_PRIVATE|MAP_SYNC are refused, though MAP_SHARED's mask dropped the
         * bit from {@code flags}; tmpfs never looks at VM_SYNC (both seen on 6.18).
         */
        @Override
        MmapVerdict callMmapHook(MmapCall call) {
            FileOps ops = call.file.ops();
            if (ops.hugetlbfs()) {
                return call.hugetlbfsFileMmap();
            }
            boolean daxdevMappingSupported = ops.dax() && ops.daxSynchronous();
            if (ops.mmapRefusesSyncWithoutDax() && call.vm.contains(VmFlag.SYNC) && !daxdevMappingSupported) {
                return refuse(EOPNOTSUPP, "->mmap: !daxdev_mapping_supported() for VM_SYNC");
            }
            return null;
        }
    };

    /** The rules of a profile (spec §2.5: two flag profiles). */
    static ProfileRules of(FlagProfile profile) {
        return profile == FlagProfile.SEED_2017 ? SEED_2017 : LINUX_6X;
    }

    /** The flags word as do_mmap() receives it from the syscall ({@code ksys_mmap_pgoff()} in 6.x: unchanged). */
    int syscallFlags(int flags) {
        return flags;
    }

    /** do_mmap(), Linux 4.17+ (after the seed): MAP_FIXED_NOREPLACE means MAP_FIXED, and EEXIST over a mapping. */
    boolean hasFixedNoreplace() {
        return false;
    }

    /** do_mmap(), Linux 4.17+ (after the seed): {@code file_mmap_ok()} refuses ranges beyond file_mmap_size_max(). */
    boolean checksFileMmapSize() {
        return false;
    }

    /** {@code calc_vm_flag_bits()}, Linux 4.15+ (after the seed, where 0x80000 is MAP_DIRECT [06]): MAP_SYNC becomes VM_SYNC. */
    boolean translatesMapSync() {
        return false;
    }

    /** do_mmap()'s anonymous switch, Linux 6.11+ (after the seed): the MAP_DROPPABLE map type. */
    boolean hasDroppable() {
        return false;
    }

    /** The profile's part of do_mmap()'s {@code case MAP_SHARED_VALIDATE: case MAP_SHARED:} [01], before the shared checks. */
    abstract MmapVerdict sharedPrologue(MmapCall call);

    /** The file hook {@code mmap_region()} calls [01] [02], and what it refuses. */
    abstract MmapVerdict callMmapHook(MmapCall call);
}
