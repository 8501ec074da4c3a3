package io.mapdirect.syscalls;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.G;
import static io.mapdirect.world.Fixture.PAGE;
import static io.mapdirect.world.Fixture.PLAIN_F;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Capability;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The file system calls' argument checks and their order, each from the kernel function it mirrors
 * (spec §2.3, 7; {@code do_sys_open}, {@code ksys_pread64}/{@code pwrite64} + {@code rw_verify_area},
 * {@code vfs_fallocate}, {@code vfs_truncate}, {@code do_sys_ftruncate}, {@code ioctl_file_clone}).
 */
class FileCallsTest {
    private static final SysResult EBADF = SysResult.err(Errno.EBADF);
    private static final SysResult EINVAL = SysResult.err(Errno.EINVAL);

    @Test
    void openChecksModePathExistenceExclusivityAndPermission() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.other("P1");
        fx.runAs(p0, () -> fx.createF(p0));
        fx.runAs(p1, () -> {
            FileCalls files = fx.world.files();
            assertThat(files.open(p1, F, 3)).isEqualTo(EINVAL); // O_ACCMODE 3
            assertThat(files.open(p1, "/nomount/f", OpenFlags.O_RDONLY)).isEqualTo(SysResult.err(Errno.ENOENT));
            assertThat(files.open(p1, "/xfs/", OpenFlags.O_RDONLY)).isEqualTo(SysResult.err(Errno.ENOENT));
            assertThat(files.open(p1, "/xfs/missing", OpenFlags.O_RDONLY)).isEqualTo(SysResult.err(Errno.ENOENT));
            assertThat(files.open(p1, F, OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_EXCL))
                    .isEqualTo(SysResult.err(Errno.EEXIST));
            // Files are created 0666 (SuperBlock.create): another user may open them for writing.
            assertThat(files.open(p1, F, OpenFlags.O_RDWR).isOk()).isTrue();
        });
        Process root = fx.world.process("root", Creds.user(2000).with(Capability.CAP_DAC_OVERRIDE));
        fx.runAs(root, () -> assertThat(fx.world.files().open(root, F, OpenFlags.O_RDWR).isOk()).isTrue());
    }

    @Test
    void openWithOTruncEmptiesTheFileAndFreesItsBlocks() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            fx.createF(p0);
            int fd = fx.open(p0, F, OpenFlags.O_RDWR | OpenFlags.O_TRUNC);
            assertThat(fx.world.files().read(p0, fd, 0)).isEqualTo(SysResult.value(0));
        });
        assertThat(fx.inode(F).sizeBytes()).isZero();
        assertThat(fx.xfs(F).map().mappedBlockCount()).isZero();
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    @Test
    void openFailsWithEnomemWhenTheFileCannotBeAllocated() {
        Fixture fx = Fixture.boot(Fixture.failingAllocation("open", 1));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            p0.setFaultScope("open");
            assertThat(fx.world.files().open(p0, F, OpenFlags.O_RDWR | OpenFlags.O_CREAT))
                    .isEqualTo(SysResult.err(Errno.ENOMEM));
        });
        assertThat(fx.live("file")).isZero();
    }

    @Test
    void closeOfAnUnknownFdIsEbadf() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            assertThat(fx.world.files().close(p0, fd)).isEqualTo(SysResult.ok());
            assertThat(fx.world.files().close(p0, fd)).isEqualTo(EBADF);
        });
        assertThat(fx.live("file")).isZero();
    }

    /** pread64: {@code if (pos < 0) return -EINVAL} comes before {@code fdget}. */
    @Test
    void readChecksTheOffsetBeforeTheFd() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            int wronly = fx.open(p0, F, OpenFlags.O_WRONLY);
            FileCalls files = fx.world.files();
            assertThat(files.read(p0, 99, -1)).isEqualTo(EINVAL);
            assertThat(files.read(p0, 99, 0)).isEqualTo(EBADF);
            assertThat(files.read(p0, wronly, 0)).isEqualTo(EBADF);
            assertThat(files.read(p0, fd, 3 * PAGE)).isEqualTo(SysResult.value(1));
            assertThat(files.read(p0, fd, 4 * PAGE)).isEqualTo(SysResult.value(0)); // at EOF
            assertThat(files.read(p0, fd, Long.MAX_VALUE)).isEqualTo(SysResult.value(0));
        });
    }

    /** pwrite64 + rw_verify_area: EINVAL (pos), EBADF, EINVAL (count, wrap), then MAX_RW_COUNT. */
    @Test
    void writeChecksInTheKernelsOrderAndClampsToMaxRwCount() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, PLAIN_F, 0);
            int rdonly = fx.open(p0, PLAIN_F, OpenFlags.O_RDONLY);
            FileCalls files = fx.world.files();
            assertThat(files.write(p0, 99, -1, 1, 7)).isEqualTo(EINVAL);
            assertThat(files.write(p0, 99, 0, -1, 7)).isEqualTo(EBADF);
            assertThat(files.write(p0, rdonly, 0, 1, 7)).isEqualTo(EBADF);
            assertThat(files.write(p0, fd, 0, -1, 7)).isEqualTo(EINVAL);
            assertThat(files.write(p0, fd, Long.MAX_VALUE - 10, 11, 7)).isEqualTo(EINVAL);
            assertThat(files.write(p0, fd, 0, 0, 7)).isEqualTo(SysResult.ok());
            // Far more than DRAM: the count is clamped, then the page cache fills up.
            SysResult big = files.write(p0, fd, 0, Long.MAX_VALUE / 2, 7);
            assertThat(big.valueOrThrow()).isPositive().isLessThanOrEqualTo(FileCalls.MAX_RW_COUNT);
            assertThat(files.write(p0, fd, 1L << 40, PAGE, 7)).isEqualTo(SysResult.err(Errno.ENOSPC));
        });
        assertThat(fx.world.ramfs().usedPages()).isEqualTo(WorldConfig.defaults().dramPages() / 2);
    }

    /** vfs_fallocate's checks, in its order. */
    @Test
    void fallocateChecksInTheOrderOfVfsFallocate() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withDevdax(List.of(new WorldConfig.DevDax("dax0", 4, 1000))));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            int rdonly = fx.open(p0, F, OpenFlags.O_RDONLY);
            int dax = fx.open(p0, "/dev/dax0", OpenFlags.O_RDWR);
            FileCalls files = fx.world.files();
            int keep = FileCalls.FALLOC_FL_KEEP_SIZE;
            int punch = FileCalls.FALLOC_FL_PUNCH_HOLE;
            assertThat(files.fallocate(p0, 99, 0, -1, 0)).isEqualTo(EBADF);
            assertThat(files.fallocate(p0, fd, 0, -1, PAGE)).isEqualTo(EINVAL);
            assertThat(files.fallocate(p0, fd, 0, 0, 0)).isEqualTo(EINVAL);
            assertThat(files.fallocate(p0, fd, 0x100, 0, PAGE)).isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
            assertThat(files.fallocate(p0, fd, punch | FileCalls.FALLOC_FL_ZERO_RANGE | keep, 0, PAGE))
                    .isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
            assertThat(files.fallocate(p0, fd, punch, 0, PAGE)).isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
            assertThat(files.fallocate(p0, fd, FileCalls.FALLOC_FL_COLLAPSE_RANGE | keep, 0, PAGE)).isEqualTo(EINVAL);
            assertThat(files.fallocate(p0, fd, FileCalls.FALLOC_FL_INSERT_RANGE | keep, 0, PAGE)).isEqualTo(EINVAL);
            assertThat(files.fallocate(p0, fd, FileCalls.FALLOC_FL_UNSHARE_RANGE | punch | keep, 0, PAGE))
                    .isEqualTo(EINVAL);
            assertThat(files.fallocate(p0, rdonly, 0, 0, PAGE)).isEqualTo(EBADF);
            assertThat(files.fallocate(p0, dax, 0, 0, PAGE)).isEqualTo(SysResult.err(Errno.ENODEV));
            assertThat(files.fallocate(p0, fd, 0, Long.MAX_VALUE, 2)).isEqualTo(SysResult.err(Errno.EFBIG));
            // Model choice: XFS unshare is EOPNOTSUPP.
            assertThat(files.fallocate(p0, fd, FileCalls.FALLOC_FL_UNSHARE_RANGE | keep, 0, PAGE))
                    .isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
        });
        assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(4);
    }

    /** Regression: the plain filesystem punched a hole without KEEP_SIZE; vfs_fallocate refuses first. */
    @Test
    void plainFilesystemPunchNeedsKeepSizeAndOtherModesAreUnsupported() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, PLAIN_F, 2);
            FileCalls files = fx.world.files();
            assertThat(files.fallocate(p0, fd, FileCalls.FALLOC_FL_PUNCH_HOLE, 0, PAGE))
                    .isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
            assertThat(files.read(p0, fd, 0)).isEqualTo(SysResult.value(1));
            assertThat(files.fallocate(p0, fd, FileCalls.FALLOC_FL_ZERO_RANGE, 0, PAGE))
                    .isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
        });
    }

    @Test
    void truncateByPathChecksLengthPathTypeAndPermission() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withDevdax(List.of(new WorldConfig.DevDax("dax0", 4, 1000))));
        Process p0 = fx.owner("P0");
        Process p1 = fx.other("P1");
        fx.runAs(p0, () -> fx.createF(p0));
        fx.runAs(p1, () -> {
            FileCalls files = fx.world.files();
            assertThat(files.truncate(p1, F, -1)).isEqualTo(EINVAL);
            assertThat(files.truncate(p1, "/xfs/none", 0)).isEqualTo(SysResult.err(Errno.ENOENT));
            assertThat(files.truncate(p1, "/dev/dax0", 0)).isEqualTo(EINVAL);
        });
        fx.runAs(p0, () -> assertThat(fx.world.files().truncate(p0, F, PAGE)).isEqualTo(SysResult.ok()));
        assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(1);
    }

    /** scenario S20 / spec §7: a breaker interrupted by a signal gets EINTR and the break continues. */
    @Test
    void truncateInterruptedWhileBreakingAReadLeaseIsEintr() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        SysResult[] result = new SysResult[1];
        fx.start(p0, () -> {
            int fd = fx.open(p0, F, OpenFlags.O_RDONLY | OpenFlags.O_CREAT);
            fx.world.leases().setLease(p0, fd, FileLock.F_RDLCK);
            fx.sleepNs(2 * Fixture.SEC);
            fx.world.proc().kill(p1, Signal.SIGINT);
            fx.sleepNs(Fixture.SEC);
            assertThat(fx.world.leases().getLease(p0, fd)).isEqualTo(SysResult.value(FileLock.F_UNLCK));
        });
        fx.start(p1, () -> {
            fx.sleepNs(Fixture.SEC);
            result[0] = fx.world.files().truncate(p1, F, 0);
            p1.deliverPendingSignals();
        });
        fx.runCompleted();
        assertThat(result[0]).isEqualTo(SysResult.err(Errno.EINTR));
    }

    @Test
    void ftruncateChecksLengthBeforeFdThenModeAndType() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            int rdonly = fx.open(p0, F, OpenFlags.O_RDONLY);
            FileCalls files = fx.world.files();
            assertThat(files.ftruncate(p0, 99, -1)).isEqualTo(EINVAL);
            assertThat(files.ftruncate(p0, 99, 0)).isEqualTo(EBADF);
            assertThat(files.ftruncate(p0, rdonly, 0)).isEqualTo(EINVAL);
            assertThat(files.ftruncate(p0, fd, 2 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(files.ftruncate(p0, fd, Long.MAX_VALUE)).isEqualTo(SysResult.ok());
            assertThat(files.ftruncate(p0, fd, 1)).isEqualTo(SysResult.ok());
        });
        assertThat(fx.inode(F).sizeBytes()).isEqualTo(1);
        assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(1);
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    @Test
    void fsyncOfAnUnknownFdIsEbadf() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> assertThat(fx.world.files().fsync(p0, 42)).isEqualTo(EBADF));
    }

    /** FICLONE ({@code ioctl_file_clone} → {@code vfs_clone_file_range}): EBADF, EXDEV, EINVAL, EOPNOTSUPP. */
    @Test
    void ficloneChecksFdsFilesystemsAndFileTypes() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.createF(p0);
            int g = fx.create(p0, G, 0);
            int gRdonly = fx.open(p0, G, OpenFlags.O_RDONLY);
            int fWronly = fx.open(p0, F, OpenFlags.O_WRONLY);
            int plain = fx.create(p0, PLAIN_F, 1);
            int plain2 = fx.create(p0, "/plain/g", 0);
            FileCalls files = fx.world.files();
            assertThat(files.ficlone(p0, 99, f)).isEqualTo(EBADF);
            assertThat(files.ficlone(p0, g, 99)).isEqualTo(EBADF);
            assertThat(files.ficlone(p0, gRdonly, f)).isEqualTo(EBADF);
            assertThat(files.ficlone(p0, g, fWronly)).isEqualTo(EBADF);
            assertThat(files.ficlone(p0, g, plain)).isEqualTo(SysResult.err(Errno.EXDEV));
            assertThat(files.ficlone(p0, f, f)).isEqualTo(EINVAL);
            assertThat(files.ficlone(p0, plain2, plain)).isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
            assertThat(files.ficlone(p0, g, f)).isEqualTo(SysResult.ok());
        });
        assertThat(fx.xfs(G).sizeBytes()).isEqualTo(4 * PAGE);
        assertThat(fx.xfs(G).map().hasSharedBlocks()).isTrue();
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }
}
