package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.PAGE;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code xfs_break_layouts} [05] and the wait for pinned pages (spec §2.3, 7): errors of the
 * non-blocking break (and BREAK_LAYOUTS_PRECEDENCE swallowing them), EINTR of the blocking break,
 * and {@code dax_layout_busy_page} / the 2019 RFC's ETXTBSY.
 */
class XfsLayoutsTest {
    /** ftruncate with a MAP_DIRECT mapping and the first allocation of its break failing. */
    private static SysResult ftruncateWithFailingBreak(Fixture fx, Process p0, Process p1) {
        SysResult[] result = new SysResult[1];
        fx.runAs(p0, () -> fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT));
        fx.runAs(p1, () -> {
            int fd = fx.open(p1, F, OpenFlags.O_RDWR);
            p1.setFaultScope("ftruncate");
            result[0] = fx.world.files().ftruncate(p1, fd, 0);
        });
        return result[0];
    }

    @Test
    void anErrorOfTheNonBlockingBreakIsReturned() {
        Fixture fx = Fixture.boot(Fixture.failingAllocation("ftruncate", 1));
        SysResult result = ftruncateWithFailingBreak(fx, fx.owner("P0"), fx.owner("P1"));
        assertThat(result).isEqualTo(SysResult.err(Errno.ENOMEM));
        assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(4);
    }

    /** spec §5 BREAK_LAYOUTS_PRECEDENCE: the seed's loop swallows ENOMEM and truncates under the live layout. */
    @Test
    void theSeedsLoopSwallowsTheErrorAndChangesTheMapUnderTheLayout() {
        WorldConfig config = Fixture.withBugs(KnownBug.BREAK_LAYOUTS_PRECEDENCE)
                .withFaultRules(Fixture.failingAllocation("ftruncate", 1).faultRules());
        Fixture fx = Fixture.boot(config);
        SysResult result = ftruncateWithFailingBreak(fx, fx.owner("P0"), fx.owner("P1"));
        assertThat(result).isEqualTo(SysResult.ok());
        assertThat(fx.xfs(F).map().mappedBlockCount()).isZero();
        assertThat(fx.inode(F).mapdcount()).isEqualTo(1);
    }

    /** The seed's loop still waits for a break when there is no error. */
    @Test
    void theSeedsLoopWaitsLikeTheFixedOne() {
        Fixture fx = Fixture.boot(Fixture.withBugs(KnownBug.BREAK_LAYOUTS_PRECEDENCE));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] doneAtNs = {-1};
        fx.start(p0, () -> fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT));
        fx.start(p1, () -> {
            fx.sleepNs(1);
            fx.world.files().truncate(p1, F, 0);
            doneAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(doneAtNs[0]).isEqualTo(1 + 45 * SEC);
    }

    /** spec §7: a blocked layout breaker interrupted by a signal returns EINTR; the break goes on. */
    @Test
    void interruptedLayoutBreakIsEintr() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        SysResult[] result = new SysResult[1];
        fx.start(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            fx.sleepNs(SEC);
            fx.world.proc().kill(p1, Signal.SIGINT);
            fx.sleepNs(60 * SEC);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.signal(Signal.SIGBUS));
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            int fd = fx.open(p1, F, OpenFlags.O_RDWR);
            result[0] = fx.world.files().fallocate(p1, fd, 0, 4 * PAGE, PAGE);
            p1.deliverPendingSignals();
        });
        fx.runCompleted();
        assertThat(result[0]).isEqualTo(SysResult.err(Errno.EINTR));
        assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(4);
    }

    /** Merged Linux (S19): truncate waits, without a timeout, until a pinned page of the range is released. */
    @Test
    void upstreamTruncateWaitsForPinnedPages() {
        Fixture fx = Fixture.boot(Fixture.withPolicy(Policy.v8().withLongTermPin(Policy.LongTermPin.REFUSE_FS_DAX)));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] doneAtNs = {-1};
        long[] pfn = new long[1];
        fx.start(p0, () -> {
            fx.createF(p0);
            pfn[0] = fx.xfs(F).pfnAt(3);
            fx.world.pins().pin(pfn[0], false);
            fx.sleepNs(100 * SEC);
            fx.world.pins().unpin(pfn[0], false);
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            assertThat(fx.world.files().truncate(p1, F, PAGE)).isEqualTo(SysResult.ok());
            doneAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(doneAtNs[0]).isEqualTo(100 * SEC);
    }

    /** Merged Linux: the wait for pins is interruptible (EINTR). */
    @Test
    void upstreamWaitForPinsIsInterruptible() {
        Fixture fx = Fixture.boot(Fixture.withPolicy(Policy.v8().withLongTermPin(Policy.LongTermPin.REFUSE_FS_DAX)));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        SysResult[] result = new SysResult[1];
        fx.start(p0, () -> {
            fx.createF(p0);
            fx.world.pins().pin(fx.xfs(F).pfnAt(0), false);
            fx.sleepNs(SEC);
            fx.world.proc().kill(p1, Signal.SIGINT);
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            int fd = fx.open(p1, F, OpenFlags.O_RDWR);
            result[0] = fx.world.files().fallocate(p1, fd, io.mapdirect.syscalls.FileCalls.FALLOC_FL_PUNCH_HOLE
                    | io.mapdirect.syscalls.FileCalls.FALLOC_FL_KEEP_SIZE, 0, PAGE);
            p1.deliverPendingSignals();
        });
        fx.runCompleted();
        assertThat(result[0]).isEqualTo(SysResult.err(Errno.EINTR));
    }

    /** The 2019 layout-lease RFC: truncating a pinned range fails with ETXTBSY. */
    @Test
    void layoutLeaseRfcRefusesToTruncateAPinnedRange() {
        Fixture fx = Fixture.boot(Fixture.withPolicy(Policy.v8().withLongTermPin(Policy.LongTermPin.LAYOUT_LEASE)));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            fx.world.pins().pin(fx.xfs(F).pfnAt(2), true);
            assertThat(fx.world.files().ftruncate(p0, fd, PAGE)).isEqualTo(SysResult.err(Errno.ETXTBSY));
            assertThat(fx.world.files().ftruncate(p0, fd, 3 * PAGE)).isEqualTo(SysResult.ok());
        });
    }
}
