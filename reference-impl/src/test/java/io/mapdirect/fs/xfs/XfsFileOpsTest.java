package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.G;
import static io.mapdirect.world.Fixture.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.syscalls.FileCalls;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code xfs_file_operations} (spec §2.3): DAX reads and writes through the block map, fallocate's
 * modes, truncate, reflink and their edge cases near 2^63 (regressions for overflowing block
 * counts and a FICLONE that walked every block of a huge sparse file).
 */
class XfsFileOpsTest {
    private static final int KEEP = FileCalls.FALLOC_FL_KEEP_SIZE;
    private static final int PUNCH = FileCalls.FALLOC_FL_PUNCH_HOLE | KEEP;
    private static final int ZERO = FileCalls.FALLOC_FL_ZERO_RANGE;
    private static final int COLLAPSE = FileCalls.FALLOC_FL_COLLAPSE_RANGE;

    private static FileCalls files(Fixture fx) {
        return fx.world.files();
    }

    @Test
    void writeAllocatesConvertsAndReadsHolesAsZero() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 0);
            assertThat(files(fx).fallocate(p0, fd, 0, PAGE, 2 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.xfs(F).map().lookup(1).isUnwritten()).isTrue();
            assertThat(fx.inode(F).sizeBytes()).isEqualTo(3 * PAGE);
            assertThat(files(fx).read(p0, fd, PAGE)).isEqualTo(SysResult.value(0));
            assertThat(files(fx).write(p0, fd, PAGE, 10, 4)).isEqualTo(SysResult.value(10));
            assertThat(fx.xfs(F).map().lookup(1).isWritten()).isTrue();
            assertThat(files(fx).read(p0, fd, PAGE)).isEqualTo(SysResult.value(4));
            assertThat(files(fx).read(p0, fd, 0)).isEqualTo(SysResult.value(0)); // hole
            assertThat(files(fx).fallocate(p0, fd, KEEP, 8 * PAGE, PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.inode(F).sizeBytes()).isEqualTo(3 * PAGE);
            assertThat(fx.xfs(F).map().lookup(8)).isNotNull();
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    @Test
    void punchZeroAndCollapse() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 6);
            assertThat(files(fx).fallocate(p0, fd, PUNCH, PAGE, PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.xfs(F).map().lookup(1)).isNull();
            assertThat(files(fx).fallocate(p0, fd, ZERO, 2 * PAGE, PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.xfs(F).map().lookup(2).isUnwritten()).isTrue();
            assertThat(files(fx).read(p0, fd, 2 * PAGE)).isEqualTo(SysResult.value(0));
            assertThat(files(fx).fallocate(p0, fd, COLLAPSE, 100, PAGE)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(files(fx).fallocate(p0, fd, COLLAPSE, 0, 6 * PAGE)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(files(fx).write(p0, fd, 5 * PAGE, PAGE, 5)).isEqualTo(SysResult.value(PAGE));
            assertThat(files(fx).fallocate(p0, fd, COLLAPSE, 0, 2 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.inode(F).sizeBytes()).isEqualTo(4 * PAGE);
            assertThat(files(fx).read(p0, fd, 3 * PAGE)).isEqualTo(SysResult.value(5));
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /** A write to a reflinked block copies it (S6's other half): g keeps the old content. */
    @Test
    void writeToASharedBlockCopiesIt() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.createF(p0);
            int g = fx.create(p0, G, 0);
            files(fx).ficlone(p0, g, f).valueOrThrow();
            assertThat(fx.xfs(F).pfnAt(0)).isEqualTo(fx.xfs(G).pfnAt(0));
            assertThat(files(fx).write(p0, f, 0, PAGE, 8)).isEqualTo(SysResult.value(PAGE));
            assertThat(fx.xfs(F).pfnAt(0)).isNotEqualTo(fx.xfs(G).pfnAt(0));
            assertThat(files(fx).read(p0, f, 0)).isEqualTo(SysResult.value(8));
            assertThat(files(fx).read(p0, g, 0)).isEqualTo(SysResult.value(1));
            assertThat(files(fx).read(p0, f, PAGE)).isEqualTo(SysResult.value(1));
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    @Test
    void truncateShrinksAndExtends() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            assertThat(files(fx).ftruncate(p0, fd, PAGE + 1)).isEqualTo(SysResult.ok());
            assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(2);
            assertThat(files(fx).ftruncate(p0, fd, 10 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(2);
            assertThat(files(fx).read(p0, fd, 9 * PAGE)).isEqualTo(SysResult.value(0));
        });
    }

    @Test
    void pmemRunsOutWithEnospc() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 0);
            assertThat(files(fx).write(p0, fd, 0, 65 * PAGE, 3)).isEqualTo(SysResult.err(Errno.ENOSPC));
            int g = fx.create(p0, G, 0);
            assertThat(files(fx).fallocate(p0, g, 0, 0, PAGE)).isEqualTo(SysResult.err(Errno.ENOSPC));
        });
        assertThat(fx.world.xfs().allocator().freeCount()).isZero();
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /** Regressions: block counts, zap ranges and FICLONE near 2^63 neither overflow nor walk every block. */
    @Test
    void offsetsNearTwoToTheSixtyThree() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        long high = Long.MAX_VALUE - 3 * PAGE;
        long[] cloned = new long[1];
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            assertThat(files(fx).write(p0, f, high, PAGE, 2)).isEqualTo(SysResult.value(PAGE));
            assertThat(fx.inode(F).sizeBytes()).isEqualTo(high + PAGE);
            long addr = fx.map(p0, f, 1, Fixture.SHARED);
            assertThat(files(fx).fallocate(p0, f, PUNCH, high, 2 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(files(fx).fallocate(p0, f, ZERO, high - PAGE, PAGE)).isEqualTo(SysResult.ok());
            assertThat(files(fx).fallocate(p0, f, KEEP, high + PAGE, 2 * PAGE)).isEqualTo(SysResult.ok());
            int g = fx.create(p0, G, 0);
            long inSize = fx.xfs(F).map().mappings().stream()
                    .filter(b -> b.fileBlock() < ExtentMap.blocksForBytes(high + PAGE) && b.mapping().isWritten()).count();
            cloned[0] = inSize;
            assertThat(files(fx).ficlone(p0, g, f)).isEqualTo(SysResult.ok());
            assertThat(fx.inode(G).sizeBytes()).isEqualTo(high + PAGE);
            assertThat(files(fx).ftruncate(p0, f, Long.MAX_VALUE)).isEqualTo(SysResult.ok());
            assertThat(files(fx).ftruncate(p0, f, PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(1));
        });
        assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(1);
        assertThat(cloned[0]).isPositive();
        assertThat((long) fx.xfs(G).map().mappedBlockCount()).isEqualTo(cloned[0]);
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /** A non-DAX inode keeps its data in a DRAM page cache. */
    @Test
    void nonDaxInodeUsesThePageCache() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withXfsDax(false));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            assertThat(files(fx).read(p0, fd, 2 * PAGE)).isEqualTo(SysResult.value(1));
            assertThat(fx.world.memory().isDram(fx.xfs(F).pfnAt(2))).isTrue();
            assertThat(fx.xfs(F).pfnAt(7)).isEqualTo(-1);
            assertThat(files(fx).fallocate(p0, fd, PUNCH, 0, PAGE)).isEqualTo(SysResult.ok());
            assertThat(files(fx).read(p0, fd, 0)).isEqualTo(SysResult.value(0));
            assertThat(files(fx).fallocate(p0, fd, COLLAPSE, 0, PAGE)).isEqualTo(SysResult.ok());
            // the page cache was written back and dropped; the data moved with the blocks
            assertThat(files(fx).read(p0, fd, 0)).isEqualTo(SysResult.value(1));
        });
    }

    /** Out of DRAM, a non-DAX write fails with ENOMEM (regression: a Java exception escaped). */
    @Test
    void nonDaxWriteOutOfDramIsEnomem() {
        WorldConfig small = new WorldConfig(WorldConfig.defaults().kernel(), false, java.util.List.of(), 4,
                java.util.List.of(), 2_000_000L, 3_600_000_000_000L, WorldConfig.defaults().rdma());
        Fixture fx = Fixture.boot(small);
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 0);
            assertThat(files(fx).write(p0, fd, 0, 6 * PAGE, 2)).isEqualTo(SysResult.value(4 * PAGE));
            assertThat(files(fx).write(p0, fd, 8 * PAGE, PAGE, 2)).isEqualTo(SysResult.err(Errno.ENOMEM));
            long addr = fx.map(p0, fd, 8, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr + 6 * PAGE)).isEqualTo(SysResult.signal(io.mapdirect.kernel.Signal.SIGBUS));
        });
        assertThat(fx.inode(F).sizeBytes()).isEqualTo(4 * PAGE);
    }
}
