package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.G;
import static io.mapdirect.world.Fixture.PAGE;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.syscalls.FileCalls;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import org.junit.jupiter.api.Test;

/**
 * Edges of {@link XfsLayouts}: which blocks count as the pinned pages of a range (the first and the
 * last block of the range in, the blocks either side out); the 2019 RFC's refusal to reflink a
 * pinned file applies to that design only; merged Linux's {@code xfs_break_layouts()} loop, which
 * re-checks the busy pages after breaking the leases again and returns that break's error; and [05]'s loop, which tries the non-blocking break again after every
 * blocking one, so a lease taken while the breaker was away is broken too.
 */
class XfsLayoutsEdgesTest {
    private static final int PUNCH = FileCalls.FALLOC_FL_PUNCH_HOLE | FileCalls.FALLOC_FL_KEEP_SIZE;

    private static WorldConfig longTermPin(Policy.LongTermPin value) {
        return Fixture.withPolicy(Policy.v8().withLongTermPin(value));
    }

    /** Under the 2019 RFC, punches blocks {@code [first, first + count)} of f while {@code pinnedBlock} is pinned. */
    private static SysResult punchWithPinnedBlock(long pinnedBlock, long first, long count) {
        Fixture fx = Fixture.boot(longTermPin(Policy.LongTermPin.LAYOUT_LEASE));
        Process p0 = fx.owner("P0");
        SysResult[] result = new SysResult[1];
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            fx.world.pins().pin(fx.xfs(F).pfnAt(pinnedBlock), true);
            result[0] = fx.world.files().fallocate(p0, fd, PUNCH, first * PAGE, count * PAGE);
        });
        return result[0];
    }

    @Test
    void layoutLeaseRfcCountsTheFirstAndLastBlockOfTheRangeAsPinned() {
        SysResult etxtbsy = SysResult.err(Errno.ETXTBSY);
        assertThat(punchWithPinnedBlock(1, 1, 2)).isEqualTo(etxtbsy);
        assertThat(punchWithPinnedBlock(2, 1, 2)).isEqualTo(etxtbsy);
    }

    @Test
    void layoutLeaseRfcIgnoresPinnedBlocksOutsideTheRange() {
        assertThat(punchWithPinnedBlock(0, 1, 2)).isEqualTo(SysResult.ok());
        assertThat(punchWithPinnedBlock(3, 1, 2)).isEqualTo(SysResult.ok());
    }

    /** FICLONE of f (block 0 pinned) onto g. */
    private static SysResult cloneWithPinnedSource(WorldConfig config) {
        Fixture fx = Fixture.boot(config);
        Process p0 = fx.owner("P0");
        SysResult[] result = new SysResult[1];
        fx.runAs(p0, () -> {
            int f = fx.createF(p0);
            int g = fx.create(p0, G, 0);
            fx.world.pins().pin(fx.xfs(F).pfnAt(0), true);
            result[0] = fx.world.files().ficlone(p0, g, f);
        });
        return result[0];
    }

    @Test
    void onlyTheLayoutLeaseRfcRefusesToReflinkAPinnedFile() {
        assertThat(cloneWithPinnedSource(longTermPin(Policy.LongTermPin.LAYOUT_LEASE)))
                .isEqualTo(SysResult.err(Errno.ETXTBSY));
        assertThat(cloneWithPinnedSource(WorldConfig.defaults())).isEqualTo(SysResult.ok());
        assertThat(cloneWithPinnedSource(longTermPin(Policy.LongTermPin.REFUSE_FS_DAX))).isEqualTo(SysResult.ok());
    }

    /**
     * Merged Linux: after the pinned page is released, the truncate breaks the layouts again; an
     * error of that break (ENOMEM of the lease break's allocation) fails the truncate, which
     * changes nothing.
     */
    @Test
    void upstreamBreakErrorAfterWaitingForPinsFailsTheTruncate() {
        WorldConfig config = longTermPin(Policy.LongTermPin.REFUSE_FS_DAX)
                .withFaultRules(Fixture.failingAllocation("ftruncate", 1).faultRules());
        Fixture fx = Fixture.boot(config);
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        SysResult[] result = new SysResult[1];
        fx.start(p0, () -> {
            int fd = fx.createF(p0);
            long pfn = fx.xfs(F).pfnAt(3);
            fx.world.pins().pin(pfn, false);
            fx.sleepNs(10 * SEC);
            fx.map(p0, fd, 4, Fixture.DIRECT); // a layout lease, taken while the truncate waits unlocked
            fx.world.pins().unpin(pfn, false);
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            int fd = fx.open(p1, F, OpenFlags.O_RDWR);
            p1.setFaultScope("ftruncate");
            result[0] = fx.world.files().ftruncate(p1, fd, PAGE);
        });
        fx.runCompleted();
        assertThat(result[0]).isEqualTo(SysResult.err(Errno.ENOMEM));
        assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(4);
    }

    /**
     * Merged Linux: a page pinned again while the truncate was breaking a lease is waited for too
     * ({@code xfs_break_layouts()} loops while {@code retry}): the truncate ends when it is released.
     */
    @Test
    void upstreamTruncateWaitsAgainForAPagePinnedDuringTheBreak() {
        Fixture fx = Fixture.boot(longTermPin(Policy.LongTermPin.REFUSE_FS_DAX));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] doneAtNs = {-1};
        fx.start(p0, () -> {
            int fd = fx.createF(p0);
            long pfn = fx.xfs(F).pfnAt(3);
            fx.world.pins().pin(pfn, false);
            fx.sleepNs(10 * SEC);
            fx.map(p0, fd, 4, Fixture.DIRECT);
            fx.world.pins().unpin(pfn, false);
            fx.sleepNs(SEC); // the truncate wakes, and blocks breaking the new lease (until 10 s + 45 s)
            fx.world.pins().pin(pfn, false);
            fx.sleepNs(89 * SEC);
            fx.world.pins().unpin(pfn, false);
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            assertThat(fx.world.files().truncate(p1, F, PAGE)).isEqualTo(SysResult.ok());
            doneAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(doneAtNs[0]).isEqualTo(100 * SEC);
    }

    /**
     * [05]: after a blocking break returns, the loop retakes the locks and tries the non-blocking
     * break again, so a MAP_DIRECT lease taken while the breaker waited for its IOLOCK (held by
     * another task) is broken too (its 45 s break time) before the truncate goes on.
     */
    @Test
    void aLeaseTakenWhileTheBreakerRetakesItsLocksIsBrokenToo() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        Process p3 = fx.owner("P3");
        Process p4 = fx.owner("P4");
        long[] doneAtNs = {-1};
        int[] leases = new int[1];
        fx.start(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            fx.sleepNs(10 * SEC);
            assertThat(fx.world.mm().munmap(p0, addr, 4 * PAGE)).isEqualTo(SysResult.ok()); // the breaker wakes
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            assertThat(fx.world.files().truncate(p1, F, 0)).isEqualTo(SysResult.ok());
            doneAtNs[0] = fx.nowNs();
            leases[0] = fx.inode(F).flctx().leases().size();
        });
        fx.start(p3, () -> { // another XFS_IOLOCK holder, from 5 s to 20 s
            fx.sleepNs(5 * SEC);
            fx.inode(F).iRwsem().downWrite();
            fx.sleepNs(15 * SEC);
            fx.inode(F).iRwsem().upWrite();
        });
        fx.start(p4, () -> { // a new MAP_DIRECT registration at 15 s, while the breaker waits for the IOLOCK
            fx.sleepNs(15 * SEC);
            fx.map(p4, fx.open(p4, F, OpenFlags.O_RDWR), 4, Fixture.DIRECT);
            fx.sleepNs(100 * SEC);
        });
        fx.runCompleted();
        assertThat(doneAtNs[0]).isEqualTo(20 * SEC + 45 * SEC);
        assertThat(leases[0]).isZero();
        assertThat(fx.xfs(F).map().mappedBlockCount()).isZero();
    }
}
