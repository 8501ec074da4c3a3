package io.mapdirect.mm;

import static io.mapdirect.kernel.Errno.*;
import static io.mapdirect.kernel.FlagProfile.LINUX_6X;
import static io.mapdirect.kernel.FlagProfile.SEED_2017;
import static io.mapdirect.mm.MmapFlags.*;
import static io.mapdirect.mm.OpenMode.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.kernel.FlagProfile;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** scenario S7 and the facts of spec §2.5 / 7 about who may map with which flags, for both profiles. */
class MmapValidatorTest {
    private static final int RW = PROT_READ | PROT_WRITE;
    private static final MmapEnv USER = MmapEnv.unprivileged();
    /** S7's "f": on the XFS-like filesystem mounted DAX. */
    private static final MmapFile XFS_RW = MmapFile.open(O_RDWR, FileOps.xfsDax());
    /** S7's "plain filesystem": one without a validate hook. */
    private static final MmapFile PLAIN_RW = MmapFile.open(O_RDWR, FileOps.ext4());

    private static MmapVerdict seed(MmapRequest request, MmapFile file) {
        return MmapValidator.validate(SEED_2017, request, file, USER);
    }

    private static MmapVerdict linux(MmapRequest request, MmapFile file) {
        return MmapValidator.validate(LINUX_6X, request, file, USER);
    }

    private static MmapRequest req(int prot, int flags) {
        return MmapRequest.of(4 * PAGE_SIZE, prot, flags);
    }

    @Test
    @DisplayName("S7 [01]: MAP_SHARED_VALIDATE with only legacy flags behaves exactly as MAP_SHARED, both filesystems")
    void legacyOnlySharedValidateIsShared() {
        int legacy = MAP_POPULATE | MAP_NORESERVE;
        for (MmapFile file : List.of(XFS_RW, PLAIN_RW)) {
            MmapVerdict validate = seed(req(RW, MAP_SHARED_VALIDATE | legacy), file);
            MmapVerdict shared = seed(req(RW, MAP_SHARED | legacy), file);
            assertThat(validate).isEqualTo(shared);
            assertThat(validate).isInstanceOfSatisfying(MmapVerdict.Mapped.class, mapped -> {
                assertThat(mapped.effectiveFlags()).isEqualTo(MAP_SHARED | legacy);
                assertThat(mapped.callsMmapValidate()).isFalse();
            });
        }
    }

    @Test
    @DisplayName("S7 [01]: MAP_SHARED|MAP_DIRECT without VALIDATE is an ordinary shared mapping: the bit is ignored")
    void sharedDirectWithoutValidateIgnoresTheBit() {
        for (MmapFile file : List.of(XFS_RW, PLAIN_RW)) {
            MmapVerdict verdict = seed(req(RW, MAP_SHARED | MAP_DIRECT), file);
            assertThat(verdict).isInstanceOfSatisfying(MmapVerdict.Mapped.class,
                    mapped -> assertThat(mapped.callsMmapValidate()).isFalse());
        }
    }

    @Test
    @DisplayName("S7 [01] [06]: MAP_SHARED_VALIDATE|MAP_DIRECT: EOPNOTSUPP without a validate hook, the hook on xfs")
    void sharedValidateDirectNeedsTheHook() {
        int flags = MAP_SHARED_VALIDATE | MAP_DIRECT;
        assertThat(seed(req(RW, flags), PLAIN_RW)).isEqualTo(
                new MmapVerdict.Refused(EOPNOTSUPP, "do_mmap: MAP_SHARED_VALIDATE && !file->f_op->mmap_validate"));
        assertThat(seed(req(RW, flags), MmapFile.open(O_RDWR, FileOps.tmpfs())).errnoOrNull()).isEqualTo(EOPNOTSUPP);
        assertThat(seed(req(RW, flags), XFS_RW)).isInstanceOfSatisfying(MmapVerdict.Mapped.class,
                mapped -> assertThat(mapped.callsMmapValidate()).isTrue());
        assertThat(FileOps.xfs().supportsMapDirect()).isTrue();
        assertThat(FileOps.ext4().supportsMapDirect()).isFalse();
    }

    @Test
    @DisplayName("[06]: the xfs hook refuses bits outside LEGACY_MAP_MASK|MAP_DIRECT, but only after do_mmap's EACCES")
    void xfsHookRefusesUnknownBitsAfterTheModeChecks() {
        int flags = MAP_SHARED_VALIDATE | MAP_DIRECT | 0x200;
        assertThat(seed(req(RW, flags), XFS_RW)).isEqualTo(
                new MmapVerdict.Refused(EOPNOTSUPP, "xfs_file_mmap_validate: map_flags & ~XFS_MAP_SUPPORTED"));
        assertThat(seed(req(RW, flags), MmapFile.open(O_RDONLY, FileOps.xfsDax())).errnoOrNull()).isEqualTo(EACCES);
        assertThat(seed(req(RW, flags), MmapFile.open(O_RDONLY, FileOps.ext4())).errnoOrNull()).isEqualTo(EOPNOTSUPP);
    }

    @Test
    @DisplayName("S7 spec §2.5: PROT_WRITE on an fd opened O_RDONLY is EACCES for shared mappings, as for MAP_SHARED")
    void protWriteOnReadOnlyFd() {
        for (FlagProfile profile : FlagProfile.values()) {
            for (FileOps ops : List.of(FileOps.xfsDax(), FileOps.ext4(), FileOps.tmpfs())) {
                MmapFile readOnly = MmapFile.open(O_RDONLY, ops);
                for (int type : new int[] {MAP_SHARED, MAP_SHARED_VALIDATE}) {
                    assertThat(MmapValidator.check(profile, req(RW, type), readOnly, USER)).isEqualTo(EACCES);
                }
                assertThat(MmapValidator.check(profile, req(PROT_READ, MAP_SHARED), readOnly, USER)).isNull();
                assertThat(MmapValidator.check(profile, req(RW, MAP_PRIVATE), readOnly, USER)).isNull();
            }
        }
        assertThat(seed(req(RW, MAP_SHARED_VALIDATE | MAP_DIRECT), MmapFile.open(O_RDONLY, FileOps.xfsDax())))
                .isEqualTo(new MmapVerdict.Refused(EACCES, "do_mmap: shared PROT_WRITE && !(f_mode & FMODE_WRITE)"));
    }

    @Test
    @DisplayName("spec §7: an fd opened O_WRONLY cannot be mapped, whatever the map type or prot")
    void writeOnlyFdIsEacces() {
        for (FlagProfile profile : FlagProfile.values()) {
            MmapFile writeOnly = MmapFile.open(O_WRONLY, FileOps.tmpfs());
            for (int flags : new int[] {MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE}) {
                for (int prot : new int[] {PROT_NONE, PROT_READ, RW}) {
                    assertThat(MmapValidator.check(profile, req(prot, flags), writeOnly, USER)).isEqualTo(EACCES);
                }
            }
        }
    }

    @Test
    @DisplayName("spec §7: length 0 is EINVAL; a length that wraps when page aligned is ENOMEM")
    void lengthZeroAndWrap() {
        for (FlagProfile profile : FlagProfile.values()) {
            MmapRequest zero = req(RW, MAP_SHARED).withLengthBytes(0);
            assertThat(MmapValidator.check(profile, zero, PLAIN_RW, USER)).isEqualTo(EINVAL);
            assertThat(MmapValidator.check(profile, zero.withFlags(MAP_PRIVATE | MAP_ANONYMOUS), MmapFile.BAD_FD, USER))
                    .isEqualTo(EINVAL);
            assertThat(MmapValidator.check(profile, zero.withLengthBytes(-4095L), PLAIN_RW, USER)).isEqualTo(ENOMEM);
        }
    }

    @Test
    @DisplayName("spec §7: no map type is EINVAL, for files and anonymous memory; invalid types too")
    void noMapTypeIsEinval() {
        for (FlagProfile profile : FlagProfile.values()) {
            assertThat(MmapValidator.check(profile, req(RW, MAP_POPULATE), PLAIN_RW, USER)).isEqualTo(EINVAL);
            assertThat(MmapValidator.check(profile, req(RW, MAP_ANONYMOUS), MmapFile.BAD_FD, USER)).isEqualTo(EINVAL);
            assertThat(MmapValidator.check(profile, req(RW, 0x5), PLAIN_RW, USER)).isEqualTo(EINVAL);
        }
    }

    @Test
    @DisplayName("[01]: anonymous MAP_SHARED_VALIDATE is EINVAL even with only legacy flags (no such anonymous case)")
    void anonymousSharedValidateIsEinval() {
        for (FlagProfile profile : FlagProfile.values()) {
            MmapRequest request = req(RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS);
            assertThat(MmapValidator.check(profile, request, MmapFile.BAD_FD, USER)).isEqualTo(EINVAL);
            assertThat(MmapValidator.check(profile, request.withFlags(MAP_SHARED | MAP_ANONYMOUS), MmapFile.BAD_FD, USER))
                    .isNull();
        }
    }

    @Test
    @DisplayName("x86-64 sys_mmap: an unaligned offset is EINVAL before the fd is looked at; a bad fd is EBADF")
    void offsetBeforeFd() {
        MmapRequest request = req(RW, MAP_SHARED).withOffsetBytes(1);
        assertThat(MmapValidator.check(LINUX_6X, request, MmapFile.BAD_FD, USER)).isEqualTo(EINVAL);
        assertThat(MmapValidator.check(LINUX_6X, request.withOffsetBytes(0), MmapFile.BAD_FD, USER)).isEqualTo(EBADF);
        assertThat(MmapValidator.check(LINUX_6X, request.withOffsetBytes(0).withLengthBytes(0), MmapFile.BAD_FD, USER))
                .as("EBADF comes before do_mmap's length check").isEqualTo(EBADF);
    }

    @Test
    @DisplayName("spec §7 (6.x): MAP_SHARED_VALIDATE with an unknown bit is EOPNOTSUPP; plain MAP_SHARED drops it")
    void linuxUnknownBit() {
        MmapFile tmpfs = MmapFile.open(O_RDWR, FileOps.tmpfs());
        assertThat(linux(req(RW, MAP_SHARED_VALIDATE | 0x200), tmpfs).errnoOrNull()).isEqualTo(EOPNOTSUPP);
        assertThat(linux(req(RW, MAP_SHARED | 0x200), tmpfs)).isInstanceOfSatisfying(MmapVerdict.Mapped.class,
                mapped -> assertThat(mapped.effectiveFlags()).isEqualTo(MAP_SHARED));
        MmapRequest noreplace = req(RW, MAP_SHARED_VALIDATE | MAP_FIXED_NOREPLACE).withAddr(1L << 30);
        assertThat(linux(noreplace, tmpfs).errnoOrNull())
                .as("MAP_FIXED_NOREPLACE is outside LEGACY_MAP_MASK").isEqualTo(EOPNOTSUPP);
        assertThat(linux(noreplace.withAddr(0), tmpfs).errnoOrNull())
                .as("at 0, an unprivileged caller gets get_unmapped_area's EPERM first").isEqualTo(EPERM);
    }

    @Test
    @DisplayName("spec §7 (6.x): MAP_SYNC needs fs-DAX; ext4/xfs refuse it from ->mmap even for MAP_SHARED and MAP_PRIVATE")
    void linuxMapSync() {
        MmapFile tmpfs = MmapFile.open(O_RDWR, FileOps.tmpfs());
        MmapFile ext4 = MmapFile.open(O_RDWR, FileOps.ext4());
        MmapFile dax = MmapFile.open(O_RDWR, FileOps.ext4Dax());
        assertThat(linux(req(RW, MAP_SHARED_VALIDATE | MAP_SYNC), tmpfs))
                .isEqualTo(new MmapVerdict.Refused(EOPNOTSUPP, "do_mmap: flags & ~flags_mask"));
        assertThat(linux(req(RW, MAP_SHARED | MAP_SYNC), tmpfs).errnoOrNull()).isNull();
        assertThat(linux(req(RW, MAP_PRIVATE | MAP_SYNC), tmpfs).errnoOrNull()).isNull();
        for (int type : new int[] {MAP_SHARED_VALIDATE, MAP_SHARED, MAP_PRIVATE}) {
            assertThat(linux(req(RW, type | MAP_SYNC), ext4)).isEqualTo(
                    new MmapVerdict.Refused(EOPNOTSUPP, "->mmap: !daxdev_mapping_supported() for VM_SYNC"));
            assertThat(linux(req(RW, type | MAP_SYNC), dax).errnoOrNull()).isNull();
        }
        assertThat(linux(req(RW, MAP_SHARED_VALIDATE | MAP_SYNC), MmapFile.open(O_RDONLY, FileOps.ext4())).errnoOrNull())
                .as("FOP_MMAP_SYNC passes the mask, so do_mmap's EACCES comes before ->mmap's EOPNOTSUPP")
                .isEqualTo(EACCES);
        assertThat(FileOps.xfsDax().supportsMapSync()).isTrue();
        assertThat(FileOps.ext4().supportsMapSync()).isFalse();
        assertThat(FileOps.tmpfs().supportsMapSync()).isFalse();
    }

    @Test
    @DisplayName("6.x: MAP_DROPPABLE is an anonymous map type, not with MAP_LOCKED/MAP_GROWSDOWN; the seed has no such type")
    void droppable() {
        MmapRequest anon = req(RW, MAP_DROPPABLE | MAP_ANONYMOUS);
        assertThat(linux(anon, MmapFile.BAD_FD)).isInstanceOfSatisfying(MmapVerdict.Mapped.class,
                mapped -> assertThat(mapped.vmFlags()).contains(VmFlag.DROPPABLE, VmFlag.NORESERVE));
        assertThat(linux(anon.withFlags(anon.flags() | MAP_LOCKED), MmapFile.BAD_FD).errnoOrNull()).isEqualTo(EINVAL);
        assertThat(linux(anon.withFlags(anon.flags() | MAP_GROWSDOWN), MmapFile.BAD_FD).errnoOrNull()).isEqualTo(EINVAL);
        assertThat(linux(req(RW, MAP_DROPPABLE), PLAIN_RW).errnoOrNull()).as("files have no droppable case").isEqualTo(EINVAL);
        assertThat(seed(anon, MmapFile.BAD_FD).errnoOrNull()).isEqualTo(EINVAL);
    }

    @Test
    @DisplayName("6.x: MAP_FIXED_NOREPLACE is EEXIST over a mapping, and MAP_FIXED below mmap_min_addr needs CAP_SYS_RAWIO")
    void fixedAddresses() {
        MmapRequest at64k = new MmapRequest(65536, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, 0);
        AddressSpaceView taken = AddressSpaceView.of(List.of(new AddressSpaceView.MappedRange(65536 + PAGE_SIZE - 1, 1L << 20)));
        assertThat(MmapValidator.validate(LINUX_6X, at64k, MmapFile.BAD_FD, USER, taken).errnoOrNull()).isEqualTo(EEXIST);
        assertThat(MmapValidator.validate(LINUX_6X, at64k.withAddr(1L << 20), MmapFile.BAD_FD, USER, taken).errnoOrNull())
                .as("the range just after the mapping is free").isNull();
        assertThat(linux(at64k, MmapFile.BAD_FD)).isInstanceOfSatisfying(MmapVerdict.Mapped.class,
                mapped -> assertThat(mapped.effectiveFlags() & MAP_FIXED).isEqualTo(MAP_FIXED));
        MmapRequest atZero = at64k.withAddr(0).withFlags(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
        assertThat(linux(atZero, MmapFile.BAD_FD).errnoOrNull()).isEqualTo(EPERM);
        assertThat(MmapValidator.check(LINUX_6X, atZero, MmapFile.BAD_FD, MmapEnv.root())).isNull();
        assertThat(linux(atZero.withAddr(65537), MmapFile.BAD_FD).errnoOrNull()).isEqualTo(EINVAL);
        assertThat(seed(at64k, MmapFile.BAD_FD).errnoOrNull()).as("the seed ignores the unknown bit").isNull();
    }

    @Test
    @DisplayName("MAP_HUGETLB: EINVAL on a non-hugetlbfs file or an unknown size; anonymous needs pages unless NORESERVE")
    void hugetlb() {
        for (FlagProfile profile : FlagProfile.values()) {
            assertThat(MmapValidator.check(profile, req(RW, MAP_SHARED | MAP_HUGETLB), PLAIN_RW, USER)).isEqualTo(EINVAL);
            int anon = MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB;
            assertThat(MmapValidator.check(profile, req(RW, anon), MmapFile.BAD_FD, USER)).isEqualTo(ENOMEM);
            assertThat(MmapValidator.check(profile, req(RW, anon | MAP_NORESERVE), MmapFile.BAD_FD, USER)).isNull();
            assertThat(MmapValidator.check(profile, req(RW, anon | MAP_NORESERVE | (16 << MAP_HUGE_SHIFT)),
                    MmapFile.BAD_FD, USER)).isEqualTo(EINVAL);
            assertThat(MmapValidator.check(profile, req(RW, anon | MAP_NORESERVE).withOffsetBytes(PAGE_SIZE),
                    MmapFile.BAD_FD, USER)).as("hugetlbfs_file_mmap: pgoff not huge aligned").isEqualTo(EINVAL);
        }
        MmapEnv withPages = USER.withHugePages(21, List.of(new MmapEnv.HugePagePool(21, 4)));
        MmapVerdict verdict = MmapValidator.validate(LINUX_6X, req(RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB),
                MmapFile.BAD_FD, withPages);
        assertThat(verdict).isInstanceOfSatisfying(MmapVerdict.Mapped.class, mapped -> {
            assertThat(mapped.lengthBytes()).isEqualTo(2L << 20);
            assertThat(mapped.vmFlags()).contains(VmFlag.HUGETLB);
        });
    }

    @Test
    @DisplayName("spec §7 (6.x, since 4.17): an offset past MAX_LFS_FILESIZE is EOVERFLOW for regular files")
    void offsetOverflow() {
        MmapRequest far = req(PROT_READ, MAP_SHARED).withOffsetBytes(0x7ffffffffffff000L);
        assertThat(linux(far, PLAIN_RW).errnoOrNull()).isEqualTo(EOVERFLOW);
        assertThat(linux(far, MmapFile.open(O_RDONLY, FileOps.directory("dir"))).errnoOrNull())
                .as("directories have ULONG_MAX, then no ->mmap").isEqualTo(ENODEV);
        assertThat(seed(far, PLAIN_RW).errnoOrNull()).as("2017 had no file_mmap_ok()").isNull();
    }

    @Test
    @DisplayName("x86-64 MAP_32BIT: a free gap of length + align_mask in [window start, 2 GiB), else ENOMEM")
    void map32BitWindow() {
        MmapRequest small = req(RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT);
        MmapRequest huge2m = req(RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT | MAP_HUGETLB | MAP_NORESERVE);
        MmapRequest huge1g = huge2m.withFlags(huge2m.flags() | MAP_HUGE_1GB);
        MmapEnv fixedStart = MmapEnv.root().withMap32BitStartBytes(MmapEnv.MAP_32BIT_START);
        assertThat(MmapValidator.check(LINUX_6X, huge1g, MmapFile.BAD_FD, MmapEnv.root())).isEqualTo(ENOMEM);
        assertThat(MmapValidator.check(LINUX_6X, huge1g, MmapFile.BAD_FD, fixedStart))
                .as("unmapped_area() wants 1 GiB + align_mask = 2 GiB - 4 KiB in a 1 GiB window").isEqualTo(ENOMEM);
        assertThat(MmapValidator.check(LINUX_6X, huge2m, MmapFile.BAD_FD, MmapEnv.root())).isNull();
        // the JVM's class space sitting in the window, leaving 3 MiB at its bottom
        long classSpace = MmapEnv.MAP_32BIT_START + (35L << 20);
        AddressSpaceView jvm = AddressSpaceView.of(List.of(new AddressSpaceView.MappedRange(classSpace, 3L << 30)));
        assertThat(MmapValidator.validate(LINUX_6X, small, MmapFile.BAD_FD, fixedStart, jvm).errnoOrNull()).isNull();
        assertThat(MmapValidator.validate(LINUX_6X, huge2m, MmapFile.BAD_FD, fixedStart, jvm).errnoOrNull())
                .as("2 MiB + 2 MiB - 4 KiB fits in 35 MiB").isNull();
        MmapEnv lateStart = fixedStart.withMap32BitStartBytes(classSpace - (3L << 20));
        assertThat(MmapValidator.validate(LINUX_6X, small, MmapFile.BAD_FD, lateStart, jvm).errnoOrNull()).isNull();
        assertThat(MmapValidator.validate(LINUX_6X, huge2m, MmapFile.BAD_FD, lateStart, jvm).errnoOrNull())
                .as("a 3 MiB gap cannot hold an aligned 2 MiB page").isEqualTo(ENOMEM);
        assertThat(MmapValidator.validate(LINUX_6X, small.withFlags(small.flags() | MAP_FIXED).withAddr(3L << 30),
                MmapFile.BAD_FD, lateStart, jvm).errnoOrNull()).as("MAP_FIXED does not search").isNull();
    }

    @Test
    @DisplayName("MAP_LOCKED: EPERM with RLIMIT_MEMLOCK 0, EAGAIN beyond it, fine with CAP_IPC_LOCK")
    void locked() {
        MmapRequest request = req(PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED);
        assertThat(MmapValidator.check(LINUX_6X, request, MmapFile.BAD_FD, USER.withMemlock(0, 0))).isEqualTo(EPERM);
        assertThat(MmapValidator.check(LINUX_6X, request, MmapFile.BAD_FD, USER.withMemlock(PAGE_SIZE, 0))).isEqualTo(EAGAIN);
        assertThat(MmapValidator.check(LINUX_6X, request, MmapFile.BAD_FD, MmapEnv.root().withMemlock(0, 0))).isNull();
    }

    @Test
    @DisplayName("noexec mounts refuse PROT_EXEC (EPERM); append-only files refuse writable shared mappings (EACCES)")
    void mountAndInodeAttributes() {
        MmapFile noexec = MmapFile.open(O_RDWR, FileOps.tmpfs().withNoexecMount(true));
        assertThat(linux(req(PROT_READ | PROT_EXEC, MAP_PRIVATE), noexec).errnoOrNull()).isEqualTo(EPERM);
        assertThat(linux(req(PROT_READ, MAP_PRIVATE), noexec)).isInstanceOfSatisfying(MmapVerdict.Mapped.class,
                mapped -> assertThat(mapped.vmFlags()).doesNotContain(VmFlag.MAYEXEC));
        MmapFile append = MmapFile.open(O_RDWR, FileOps.ext4().withAppendOnly(true));
        assertThat(seed(req(PROT_READ, MAP_SHARED), append).errnoOrNull()).isEqualTo(EACCES);
        assertThat(seed(req(PROT_READ, MAP_PRIVATE), append).errnoOrNull()).isNull();
    }

    @Test
    @DisplayName("read-only shared mappings may share but never become writable (VM_MAYWRITE cleared)")
    void readOnlySharedVmFlags() {
        MmapVerdict verdict = linux(req(PROT_READ, MAP_SHARED), MmapFile.open(O_RDONLY, FileOps.tmpfs()));
        assertThat(verdict).isInstanceOfSatisfying(MmapVerdict.Mapped.class, mapped -> assertThat(mapped.vmFlags())
                .contains(VmFlag.MAYSHARE, VmFlag.READ).doesNotContain(VmFlag.SHARED, VmFlag.MAYWRITE));
    }
}
