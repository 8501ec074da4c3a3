package io.mapdirect.fs.mapdirect;

import static io.mapdirect.fs.mapdirect.MapDirectStateTest.stateAt;
import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.PAGE;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Oops;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunOutcome;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.Schedule;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Corners of {@code fs/mapdirect.c} [04] that the scenario tests left unchecked: PIT's mutants of
 * {@code fs.mapdirect} survived on each of these lines. Each test names the rule it pins.
 */
class MapDirectEdgesTest {
    /** The MAP_DIRECT lease of {@code f} (the only lease on it). */
    private static FileLock mapDirectLease(Fixture fx) {
        return fx.inode(F).flctx().leasesSnapshot().stream()
                .filter(fl -> fl.lmops() instanceof MapDirect).findFirst().orElseThrow();
    }

    private static WorldConfig reverted(Repair repair) {
        WorldConfig config = WorldConfig.defaults();
        return config.withKernel(config.kernel().withReverted(Set.of(repair)));
    }

    /** {@code fl->fl_lmops = &map_direct_lm_ops} [04]: the lease's ops are the world's MAP_DIRECT core, on its kernel and lease core. */
    @Test
    void theLeaseRunsMapDirectLmOpsOfThisKernel() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT));
        MapDirect ops = (MapDirect) mapDirectLease(fx).lmops();
        assertThat(ops).isSameAs(fx.world.mapDirect());
        assertThat(ops.name()).isEqualTo("map_direct_lm_ops");
        assertThat(ops.kernel()).isSameAs(fx.world.kernel());
        assertThat(ops.locks()).isSameAs(fx.world.locks());
    }

    /** map_direct_register() [04] reports the registered state with its VMA, task and fd. */
    @Test
    void registrationIsReportedWithItsVmaPidAndFd() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        int[] fd = new int[1];
        long[] addr = new long[1];
        fx.runAs(p0, () -> {
            fd[0] = fx.createF(p0);
            addr[0] = fx.map(p0, fd[0], 4, Fixture.DIRECT);
        });
        MapDirectState mds = stateAt(p0, addr[0]);
        assertThat(fx.world.kernel().events().ofType(MapDirectEvents.Registered.class)).singleElement()
                .isEqualTo(new MapDirectEvents.Registered(mds.label(), fx.inode(F).ino(), mds.vma().label(), p0.pid(), fd[0]));
    }

    /**
     * map_direct_lm_break() [04]: BREAK and the scheduled invalidation are both clear until the first
     * break, and both set by it.
     */
    @Test
    void theFirstBreakSetsBreakAndSchedulesTheInvalidation() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] addr = new long[1];
        boolean[] before = new boolean[2];
        boolean[] during = new boolean[2];
        fx.start(p0, () -> {
            addr[0] = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            MapDirectState mds = stateAt(p0, addr[0]);
            before[0] = mds.peekBroken();
            before[1] = mds.workScheduled();
            fx.sleepNs(SEC);
            during[0] = mds.peekBroken();
            during[1] = mds.workScheduled();
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            fx.world.files().truncate(p1, F, 0);
        });
        fx.runCompleted();
        assertThat(before).containsExactly(false, false);
        assertThat(during).containsExactly(true, true);
    }

    /** put_map_direct_vma() [04]: the last VMA's close sets BREAK even when no break ever came. */
    @Test
    void theLastVmaCloseSetsBreak() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        MapDirectState[] mds = new MapDirectState[1];
        fx.runAs(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            mds[0] = stateAt(p0, addr);
            assertThat(mds[0].peekBroken()).isFalse();
            fx.world.mm().munmap(p0, addr, 4 * PAGE);
        });
        assertThat(mds[0].isFreed()).isTrue();
        assertThat(mds[0].peekBroken()).isTrue();
    }

    /** put_map_direct_vma() [04] returns 0 while other VMAs share the state, 1 for the last one. */
    @Test
    void putVmaReturnsOneOnlyForTheLastVma() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        int[] returned = new int[2];
        fx.runAs(p0, () -> {
            MapDirectState mds = stateAt(p0, fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT));
            MapDirect md = fx.world.mapDirect();
            md.getVma(mds); // as a split's xfs_filemap_direct_open() would
            returned[0] = md.putVma(mds);
            returned[1] = md.putVma(mds);
        });
        assertThat(returned).containsExactly(0, 1);
        assertThat(fx.inode(F).flctx().leasesSnapshot()).isEmpty();
    }

    /**
     * map_direct_lm_break() [04] acts on the first break only: called again for a lease already
     * breaking, it neither signals nor reports nor takes a reference, and keeps fl_break_time 0.
     */
    @Test
    void aSecondLmBreakOnlyKeepsTheBreakTimeZero() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        boolean[] deleteLease = {true};
        long[] breakTime = {-1};
        fx.start(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            fx.sleepNs(SEC);
            FileLock fl = mapDirectLease(fx);
            fl.setBreakTimeNs(fx.nowNs() + 45 * SEC); // what __break_lease() writes before calling lm_break
            fx.inode(F).flctx().flcLock().lock();
            deleteLease[0] = fl.lmops().lmBreak(fl);
            fx.inode(F).flctx().flcLock().unlock();
            breakTime[0] = fl.breakTimeNs();
            fx.world.mm().munmap(p0, addr, 4 * PAGE);
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            fx.world.files().truncate(p1, F, 0);
        });
        fx.runCompleted();
        assertThat(deleteLease[0]).isFalse();
        assertThat(breakTime[0]).isZero();
        assertThat(p0.count(Signal.SIGIO)).isEqualTo(1);
        assertThat(fx.world.kernel().events().ofType(MapDirectEvents.BreakNoticed.class)).hasSize(1);
        assertThat(fx.live("map_direct_state")).isZero();
    }

    /** map_direct_lm_change() [04]: {@code WARN_ON(!(arg & F_UNLCK))}, anything but an unlock is a kernel warning. */
    @Test
    void lmChangeWarnsOnAnythingButAnUnlock() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            FileLock fl = mapDirectLease(fx);
            assertThat(fx.world.kernel().log().warnings()).isZero();
            List<FileLock> dispose = new ArrayList<>();
            fx.inode(F).flctx().flcLock().lock();
            fl.lmops().lmChange(fl, FileLock.F_RDLCK, dispose);
            fx.inode(F).flctx().flcLock().unlock();
        });
        assertThat(fx.world.kernel().log().warnings()).isEqualTo(1);
    }

    /** map_direct_lm_change() [04] returns what lease_modify() returns: EINVAL for an unknown lease type. */
    @Test
    void lmChangeReturnsLeaseModifysError() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        int[] rc = {0};
        fx.runAs(p0, () -> {
            fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            FileLock fl = mapDirectLease(fx);
            fx.inode(F).flctx().flcLock().lock();
            rc[0] = fl.lmops().lmChange(fl, 7, new ArrayList<>());
            fx.inode(F).flctx().flcLock().unlock();
        });
        assertThat(rc[0]).isEqualTo(Errno.EINVAL.negative());
    }

    /**
     * map_direct_invalidate() [04], repair INVALIDATE_FLUSHES_FAULTS: the invalidation takes
     * XFS_MMAPLOCK exclusively before it zaps, so it waits for a task that holds it shared (as a
     * fault in flight does); until then the holder still reads through its PTEs.
     */
    @Test
    void theInvalidationWaitsForFaultsInFlight() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        Process p2 = fx.owner("P2");
        SysResult[] loadAt50s = new SysResult[1];
        fx.start(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(1));
            fx.sleepNs(50 * SEC);
            loadAt50s[0] = fx.world.mm().load(p0, addr);
        });
        fx.start(p2, () -> {
            fx.sleepNs(2 * SEC); // the break is pending, the truncate waits without its locks
            fx.xfs(F).mmapLock().downRead();
            fx.sleepNs(100 * SEC);
            fx.xfs(F).mmapLock().upRead();
        });
        fx.start(p1, () -> {
            fx.sleepNs(SEC);
            fx.world.files().truncate(p1, F, 0);
        });
        fx.runCompleted();
        assertThat(loadAt50s[0]).isEqualTo(SysResult.value(1));
        long invalidatedAt = fx.world.kernel().events().entries().stream()
                .filter(e -> e.event() instanceof MapDirectEvents.Invalidated).findFirst().orElseThrow().timeNs();
        assertThat(invalidatedAt).isEqualTo(102 * SEC);
    }

    /**
     * map_direct_invalidate() as posted (repair INVALIDATE_ZAPS_EVERY_VMA reverted) zaps the PTEs of
     * {@code mds_vma}'s range: after it, the holder's next access faults and gets SIGBUS. The breaker
     * extends the file (fallocate), which unmaps nothing itself.
     */
    @Test
    void thePostedInvalidationZapsTheMappedVma() {
        Fixture fx = Fixture.boot(reverted(Repair.INVALIDATE_ZAPS_EVERY_VMA));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        SysResult[] after = new SysResult[1];
        fx.start(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(1));
            fx.sleepNs(60 * SEC);
            after[0] = fx.world.mm().load(p0, addr);
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            int fd = fx.open(p1, F, OpenFlags.O_RDWR);
            fx.world.files().fallocate(p1, fd, 0, 0, 8 * PAGE);
        });
        fx.runCompleted();
        assertThat(after[0]).isEqualTo(SysResult.signal(Signal.SIGBUS));
        assertThat(fx.world.kernel().events().ofType(MapDirectEvents.Invalidated.class)).singleElement()
                .satisfies(inv -> assertThat(inv.vmasZapped()).isEqualTo(1));
    }

    /**
     * map_direct_invalidate() as posted (repair INVALIDATE_ZAPS_EVERY_VMA reverted) tests
     * {@code mds_vma} before zapping: run by the last VMA's close (S2's cooperative holder), it finds
     * the pointer cleared and zaps nothing.
     */
    @Test
    void thePostedInvalidationAfterTheLastCloseZapsNothing() {
        Fixture fx = Fixture.boot(reverted(Repair.INVALIDATE_ZAPS_EVERY_VMA));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        fx.start(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            fx.sleepNs(SEC);
            fx.world.mm().munmap(p0, addr, 4 * PAGE);
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            fx.world.files().truncate(p1, F, 0);
        });
        fx.runCompleted();
        assertThat(fx.world.kernel().events().ofType(MapDirectEvents.Invalidated.class)).singleElement()
                .satisfies(inv -> assertThat(inv.vmasZapped()).isZero());
        assertThat(fx.live("map_direct_state")).isZero();
    }

    /**
     * map_direct_invalidate() repaired (INVALIDATE_ZAPS_EVERY_VMA) zaps the VMAs sharing the state
     * only, over their own ranges: an ordinary shared mapping of another range of the same file keeps
     * its PTE (unmap_mapping_range() zaps a range of the file in every mapping of it, so the two
     * mappings must not overlap).
     */
    @Test
    void theInvalidationLeavesOtherMappingsOfTheFileAlone() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        Process p2 = fx.owner("P2");
        fx.start(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 2, Fixture.DIRECT);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(1));
        });
        fx.start(p2, () -> {
            fx.sleepNs(1);
            int fd = fx.open(p2, F, OpenFlags.O_RDWR);
            long addr = fx.world.mm().mmap(p2, 0, 2 * PAGE, Fixture.RW, Fixture.SHARED, fd, 2 * PAGE).valueOrThrow();
            assertThat(fx.world.mm().load(p2, addr)).isEqualTo(SysResult.value(1));
        });
        fx.start(p1, () -> {
            fx.sleepNs(2);
            int fd = fx.open(p1, F, OpenFlags.O_RDWR);
            fx.world.files().fallocate(p1, fd, 0, 0, 8 * PAGE);
        });
        fx.runCompleted();
        assertThat(fx.world.kernel().events().ofType(MapDirectEvents.Invalidated.class)).hasSize(1);
        assertThat(p0.mm().pageTable().size()).isZero();
        assertThat(p2.mm().pageTable().size()).isEqualTo(1);
    }

    /**
     * map_direct_register() as posted (repair MAPDCOUNT_WITH_LEASE reverted) raises i_mapdcount only
     * after vfs_setlease() returned [03] [04]: with lease-break-time 0, a truncate scheduled into that
     * window breaks the fresh lease at once and the invalidation's unlock drops a count never raised
     * (the BUG_ON of i_mapdcount_dec()) for some interleaving; repaired, for none.
     */
    @Test
    void thePostedRegistrationLeavesAWindowWhereABreakUnderflowsMapdcount() {
        assertThat(underflowsForSomeSwitch(reverted(Repair.MAPDCOUNT_WITH_LEASE))).isTrue();
        assertThat(underflowsForSomeSwitch(WorldConfig.defaults())).isFalse();
    }

    /** Whether, with one forced context switch at one of the first 60 scheduling points, an mmap racing a truncate BUGs on i_mapdcount. */
    private static boolean underflowsForSomeSwitch(WorldConfig config) {
        for (int point = 0; point < 60; point++) {
            Fixture fx = Fixture.boot(config.withKernel(config.kernel().withLeaseBreakTimeSec(0)));
            Process p0 = fx.owner("P0");
            Process p1 = fx.owner("P1");
            int[] fd = new int[1];
            fx.runAs(p0, () -> fd[0] = fx.createF(p0));
            fx.start(p0, () -> fx.world.mm().mmap(p0, 0, 4 * PAGE, Fixture.RW, Fixture.DIRECT, fd[0], 0));
            fx.start(p1, () -> fx.world.files().truncate(p1, F, 0));
            int[] choices = new int[point + 1];
            choices[point] = 1;
            fx.world.sim().setSchedule(Schedule.of(choices));
            RunResult run = fx.world.run();
            if (run.outcome() instanceof RunOutcome.Crashed crash && crash.error() instanceof Oops oops
                    && oops.kind() == Oops.Kind.REFCOUNT_UNDERFLOW) {
                return true;
            }
            assertThat(run.completed()).as("switch at %d: %s", point, run.outcome().describe()).isTrue();
        }
        return false;
    }

    /**
     * map_direct_invalidate() [04] clears VALID, then reads {@code mds_vma} (an unlocked
     * ACCESS_ONCE) and only then zaps: without the fault flush in between (repair
     * INVALIDATE_FLUSHES_FAULTS reverted), the holder can find VALID cleared and still read through
     * its PTE, for some interleaving of its load with the invalidation.
     */
    @Test
    void theHolderCanStillReadThroughItsPteAfterValidIsCleared() {
        boolean seen = false;
        for (int point = 0; point < 80 && !seen; point++) {
            Fixture fx = Fixture.boot(reverted(Repair.INVALIDATE_FLUSHES_FAULTS));
            Process p0 = fx.owner("P0");
            Process p1 = fx.owner("P1");
            boolean[] validBefore = {true};
            SysResult[] load = new SysResult[1];
            long[] addr = new long[1];
            fx.runAs(p0, () -> {
                addr[0] = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
                assertThat(fx.world.mm().load(p0, addr[0])).isEqualTo(SysResult.value(1));
            });
            long breakAt = fx.nowNs() + 1;
            fx.start(p0, () -> {
                fx.sleepNs(breakAt + 45 * SEC - fx.nowNs());
                validBefore[0] = stateAt(p0, addr[0]).peekValid();
                load[0] = fx.world.mm().load(p0, addr[0]);
            });
            fx.start(p1, () -> {
                fx.sleepNs(1);
                fx.world.files().truncate(p1, F, 0);
            });
            int[] choices = new int[point + 1];
            choices[point] = 1;
            fx.world.sim().setSchedule(Schedule.of(choices));
            fx.runCompleted();
            seen = !validBefore[0] && SysResult.value(1).equals(load[0]);
        }
        assertThat(seen).isTrue();
    }
}
