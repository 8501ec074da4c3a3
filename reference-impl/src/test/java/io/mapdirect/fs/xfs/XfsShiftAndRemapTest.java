package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.G;
import static io.mapdirect.world.Fixture.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.syscalls.FileCalls;
import io.mapdirect.world.Fixture;
import org.junit.jupiter.api.Test;

/**
 * INSERT_RANGE, FICLONERANGE and the 6.x fallocate mode checks, as real XFS on 6.18 answers them (the
 * live XFS oracle, {@code docs/xfs-oracle.md}, compares the same calls with the kernel where it can run).
 */
class XfsShiftAndRemapTest {
    private static final SysResult EINVAL = SysResult.err(Errno.EINVAL);
    private static final int INSERT = FileCalls.FALLOC_FL_INSERT_RANGE;
    private static final int KEEP = FileCalls.FALLOC_FL_KEEP_SIZE;

    @Test
    void insertRangeOpensAHoleAndShiftsTheTail() {
        Fixture fx = Fixture.boot(Fixture.withProfile(FlagProfile.LINUX_6X));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            FileCalls files = fx.world.files();
            int f = fx.create(p0, F, 3);
            assertThat(files.fallocate(p0, f, INSERT, PAGE, PAGE / 2)).isEqualTo(EINVAL);
            assertThat(files.fallocate(p0, f, INSERT, 3 * PAGE, PAGE)).isEqualTo(EINVAL);
            assertThat(files.fallocate(p0, f, INSERT | KEEP, PAGE, PAGE)).isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
            long alignedHuge = Long.MAX_VALUE / PAGE * PAGE - 2 * PAGE;
            assertThat(files.fallocate(p0, f, INSERT, PAGE, alignedHuge)).isEqualTo(SysResult.err(Errno.EFBIG));
            assertThat(files.fallocate(p0, f, INSERT, PAGE, 2 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.inode(F).sizeBytes()).isEqualTo(5 * PAGE);
            assertThat(files.read(p0, f, 0)).isEqualTo(SysResult.value(1));
            assertThat(files.read(p0, f, PAGE)).isEqualTo(SysResult.value(0));
            assertThat(files.read(p0, f, 3 * PAGE)).isEqualTo(SysResult.value(1));
        });
        ExtentMap map = fx.xfs(F).map();
        assertThat(map.lookup(1)).isNull();
        assertThat(map.lookup(2)).isNull();
        assertThat(map.mappedBlockCount()).isEqualTo(3);
        assertThat(map.endBlock()).isEqualTo(5);
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    @Test
    void ficloneRangeChecksTheRangeAndSharesWrittenBlocksOnly() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            FileCalls files = fx.world.files();
            int f = fx.create(p0, F, 2);
            int g = fx.create(p0, G, 0);
            assertThat(files.fallocate(p0, f, 0, 2 * PAGE, PAGE)).isEqualTo(SysResult.ok());
            assertThat(files.ficloneRange(p0, g, f, PAGE / 2, PAGE, 0)).isEqualTo(EINVAL);
            assertThat(files.ficloneRange(p0, g, f, 0, 4 * PAGE, 0)).isEqualTo(EINVAL);
            assertThat(files.ficloneRange(p0, g, f, 3 * PAGE, 0, 0)).isEqualTo(SysResult.ok());
            assertThat(files.ficloneRange(p0, g, f, 4 * PAGE, 0, 0)).isEqualTo(EINVAL);
            assertThat(files.ficloneRange(p0, f, f, 0, 2 * PAGE, PAGE)).isEqualTo(EINVAL);
            assertThat(files.ficloneRange(p0, g, f, PAGE, 2 * PAGE, 4 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.inode(G).sizeBytes()).isEqualTo(6 * PAGE);
            assertThat(files.read(p0, g, 4 * PAGE)).isEqualTo(SysResult.value(1));
        });
        assertThat(fx.xfs(G).map().lookup(4).shared()).isTrue();
        assertThat(fx.xfs(G).map().lookup(5)).isNull();
        assertThat(fx.xfs(F).map().lookup(2).shared()).isFalse();
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    @Test
    void aPartialEofBlockIsNotClonedInsideTheDestination() {
        assertThat(RemapRange.check(PAGE / 2, PAGE, 0, 0, 0, false).rc()).isEqualTo(Errno.EINVAL.negative());
        assertThat(RemapRange.check(PAGE / 2, 0, 0, 0, 0, false)).isEqualTo(new RemapRange(0, 0, 0, PAGE / 2));
        assertThat(RemapRange.check(3 * PAGE, 0, 0, 0, PAGE + 1, false).rc()).isEqualTo(Errno.EINVAL.negative());
    }

    @Test
    void sixXFallocateRefusesModeCombinationsWithEopnotsupp() {
        Fixture fx = Fixture.boot(Fixture.withProfile(FlagProfile.LINUX_6X));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            FileCalls files = fx.world.files();
            int f = fx.create(p0, F, 2);
            SysResult eopnotsupp = SysResult.err(Errno.EOPNOTSUPP);
            assertThat(files.fallocate(p0, f, FileCalls.FALLOC_FL_COLLAPSE_RANGE | KEEP, 0, PAGE)).isEqualTo(eopnotsupp);
            assertThat(files.fallocate(p0, f, FileCalls.FALLOC_FL_COLLAPSE_RANGE | INSERT, 0, PAGE)).isEqualTo(eopnotsupp);
            assertThat(files.fallocate(p0, f, FileCalls.FALLOC_FL_PUNCH_HOLE, 0, PAGE)).isEqualTo(eopnotsupp);
            assertThat(files.fallocate(p0, f, FileCalls.FALLOC_FL_ZERO_RANGE | KEEP, 0, PAGE)).isEqualTo(SysResult.ok());
        });
    }
}
