package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.PAGE;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.syscalls.FileCalls;
import io.mapdirect.world.Fixture;
import org.junit.jupiter.api.Test;

/**
 * The order of {@code xfs_file_fallocate()} (4.14, and every later kernel): the mode is checked
 * before the locks, collapse's and insert's range checks only after {@code xfs_break_layouts()}. So a
 * collapse or insert that fails its range check has already broken the file's MAP_DIRECT lease: the
 * holder gets SIGIO and the call returns its error only once the lease is gone.
 */
class XfsFallocateOrderTest {

    /** What the holder saw and when, for one fallocate by another process 1 s after the mapping. */
    private static long[] fallocateAgainstAMapping(int mode, long offsetBytes, long lengthBytes, SysResult expected) {
        Fixture fx = Fixture.boot();
        Process holder = fx.owner("P0");
        Process other = fx.owner("P1");
        long[] seen = {0, -1};
        fx.start(holder, () -> {
            int fd = fx.createF(holder);
            long addr = fx.map(holder, fd, 4, Fixture.DIRECT);
            seen[0] = holder.awaitSignal(Signal.SIGIO, 10 * SEC) ? 1 : 0;
            fx.sleepNs(2 * SEC);
            fx.world.mm().munmap(holder, addr, 4 * PAGE);
        });
        fx.start(other, () -> {
            int fd = fx.open(other, F, io.mapdirect.fs.OpenFlags.O_RDWR);
            fx.sleepNs(SEC);
            assertThat(fx.world.files().fallocate(other, fd, mode, offsetBytes, lengthBytes)).isEqualTo(expected);
            seen[1] = fx.nowNs();
        });
        fx.runCompleted();
        return seen;
    }

    @Test
    void anUnalignedCollapseBreaksTheLayoutBeforeItFails() {
        assertThat(fallocateAgainstAMapping(FileCalls.FALLOC_FL_COLLAPSE_RANGE, PAGE, 100, SysResult.err(Errno.EINVAL)))
                .containsExactly(1, 3 * SEC);
    }

    @Test
    void aCollapseReachingEofBreaksTheLayoutBeforeItFails() {
        assertThat(fallocateAgainstAMapping(FileCalls.FALLOC_FL_COLLAPSE_RANGE, PAGE, 3 * PAGE, SysResult.err(Errno.EINVAL)))
                .containsExactly(1, 3 * SEC);
    }

    @Test
    void anInsertAtEofBreaksTheLayoutBeforeItFails() {
        assertThat(fallocateAgainstAMapping(FileCalls.FALLOC_FL_INSERT_RANGE, 4 * PAGE, PAGE, SysResult.err(Errno.EINVAL)))
                .containsExactly(1, 3 * SEC);
    }

    /** The near twin: a mode XFS does not support is refused before the locks, so nothing is broken. */
    @Test
    void anUnsupportedModeIsRefusedWithoutABreak() {
        assertThat(fallocateAgainstAMapping(FileCalls.FALLOC_FL_UNSHARE_RANGE, 0, PAGE, SysResult.err(Errno.EOPNOTSUPP)))
                .containsExactly(0, SEC);
    }
}
