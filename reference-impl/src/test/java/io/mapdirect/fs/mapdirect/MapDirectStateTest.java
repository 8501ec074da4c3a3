package io.mapdirect.fs.mapdirect;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.PAGE;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.proc.Process;
import io.mapdirect.world.Fixture;
import org.junit.jupiter.api.Test;

/**
 * {@code struct map_direct_state} and {@code fs/mapdirect.c} [04] (spec §2.6): registration and its
 * error paths, the two reference counts through split, fork and close, one break per state, and
 * the delayed invalidation.
 */
class MapDirectStateTest {
    static MapDirectState stateAt(Process p, long addr) {
        return (MapDirectState) p.mm().findVma(addr).privateData();
    }

    /** Every allocation of an mmap(MAP_DIRECT) can fail: the VMA, the state, its fasync entry, its lease. */
    @Test
    void everyRegistrationAllocationFailsCleanly() {
        for (int nth = 1; nth <= 4; nth++) {
            Fixture fx = Fixture.boot(Fixture.failingAllocation("mmap", nth));
            Process p0 = fx.owner("P0");
            fx.runAs(p0, () -> {
                int fd = fx.createF(p0);
                p0.setFaultScope("mmap");
                assertThat(fx.world.mm().mmap(p0, 0, 4 * PAGE, Fixture.RW, Fixture.DIRECT, fd, 0))
                        .isEqualTo(SysResult.err(Errno.ENOMEM));
                assertThat(p0.files().get(fd).count()).isEqualTo(1);
                assertThat(p0.mm().vmas()).isEmpty();
            });
            assertThat(fx.live("map_direct_state")).isZero();
            assertThat(fx.live("fasync_struct")).isZero();
            assertThat(fx.live("file_lock")).isZero();
            assertThat(fx.inode(F).mapdcount()).isZero();
        }
    }

    /** [04]: a split (mprotect, partial munmap) and a fork take VMA references; the last close drops the state. */
    @Test
    void vmaReferencesFollowSplitForkAndClose() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process[] child = new Process[1];
        long[] addr = new long[1];
        fx.runAs(p0, () -> {
            addr[0] = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            MapDirectState mds = stateAt(p0, addr[0]);
            assertThat(mds.vmaref()).isEqualTo(1);
            assertThat(mds.ref()).isEqualTo(2); // the state's own and the lease's
            assertThat(fx.world.mm().mprotect(p0, addr[0] + PAGE, PAGE, MmapFlags.PROT_READ)).isEqualTo(SysResult.ok());
            assertThat(mds.vmaref()).isEqualTo(3);
            child[0] = fx.world.proc().fork(p0, "C");
            assertThat(mds.vmaref()).isEqualTo(6);
            assertThat(mds.vma()).isNotNull();
            assertThat(mds.isValid()).isTrue();
            assertThat(mds.isBroken()).isFalse();
        });
        MapDirectState mds = stateAt(p0, addr[0]);
        fx.runAs(p0, () -> fx.world.proc().exit(p0));
        assertThat(mds.vmaref()).isEqualTo(3);
        assertThat(fx.inode(F).mapdcount()).isEqualTo(1);
        fx.runAs(child[0], () -> fx.world.mm().munmap(child[0], addr[0], 4 * PAGE));
        assertThat(mds.isFreed()).isTrue();
        assertThat(fx.inode(F).mapdcount()).isZero();
        assertThat(fx.inode(F).flctx().leasesSnapshot()).isEmpty();
    }

    /** [04] map_direct_lm_break: the first break signals and schedules; later breakers only wait. */
    @Test
    void oneBreakPerStateWhateverTheNumberOfBreakers() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        Process p2 = fx.owner("P2");
        long[] doneAtNs = {-1, -1};
        fx.start(p0, () -> fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT));
        fx.start(p1, () -> {
            fx.sleepNs(1);
            fx.world.files().truncate(p1, F, PAGE);
            doneAtNs[0] = fx.nowNs();
        });
        fx.start(p2, () -> {
            fx.sleepNs(2 * SEC);
            int fd = fx.open(p2, F, io.mapdirect.fs.OpenFlags.O_RDWR);
            fx.world.files().fallocate(p2, fd, 0, 0, 8 * PAGE);
            doneAtNs[1] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(doneAtNs[0]).isEqualTo(1 + 45 * SEC);
        assertThat(doneAtNs[1]).isEqualTo(1 + 45 * SEC);
        assertThat(p0.count(Signal.SIGIO)).isEqualTo(1);
        assertThat(fx.world.kernel().events().ofType(MapDirectEvents.BreakNoticed.class)).hasSize(1);
        assertThat(fx.world.kernel().events().ofType(MapDirectEvents.Invalidated.class))
                .singleElement().satisfies(inv -> assertThat(inv.vmasZapped()).isEqualTo(1));
        assertThat(fx.live("map_direct_state")).isEqualTo(1); // the VMA still holds it
    }

    /** Two MAP_DIRECT mappings of one file: two states, two leases, i_mapdcount 2 [03]. */
    @Test
    void twoMappingsTwoStates() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            long a = fx.map(p0, fd, 4, Fixture.DIRECT);
            long b = fx.map(p0, fd, 2, Fixture.DIRECT);
            assertThat(stateAt(p0, a)).isNotSameAs(stateAt(p0, b));
            assertThat(fx.inode(F).mapdcount()).isEqualTo(2);
            fx.world.mm().munmap(p0, a, 4 * PAGE);
            assertThat(fx.inode(F).mapdcount()).isEqualTo(1);
            assertThat(stateAt(p0, b).file().owner()).isSameAs(p0); // SIGIO still goes to P0
        });
    }

    /** spec §5 INVALIDATE_AFTER_VMA_CLOSE is harmless while the VMA lives: the seed's invalidation works then. */
    @Test
    void seedsInvalidationWorksWhileTheVmaLives() {
        Fixture fx = Fixture.boot(Fixture.withBugs(KnownBug.INVALIDATE_AFTER_VMA_CLOSE));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] addr = new long[1];
        fx.start(p0, () -> addr[0] = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT));
        fx.start(p1, () -> {
            fx.sleepNs(1);
            fx.world.files().truncate(p1, F, 0);
        });
        fx.runCompleted();
        assertThat(fx.inode(F).mapdcount()).isZero();
        assertThat(stateAt(p0, addr[0]).peekValid()).isFalse();
        fx.runAs(p0, () -> assertThat(fx.world.mm().load(p0, addr[0])).isEqualTo(SysResult.signal(Signal.SIGBUS)));
    }

    /**
     * S2's race [04]: the holder's munmap against a truncate's break, with one forced context switch
     * at each of the first 40 scheduling points. Whatever the interleaving, the truncate completes,
     * the state and its lease are gone and {@code i_mapdcount} is 0 (the BREAK bit set by the last
     * VMA's close may be seen by a break that started meanwhile).
     */
    @Test
    void munmapRacingABreakAlwaysCleansUp() {
        for (int point = 0; point < 40; point++) {
            Fixture fx = Fixture.boot();
            Process p0 = fx.owner("P0");
            Process p1 = fx.owner("P1");
            long[] addr = new long[1];
            fx.runAs(p0, () -> addr[0] = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT));
            SysResult[] truncated = new SysResult[1];
            fx.start(p0, () -> fx.world.mm().munmap(p0, addr[0], 4 * PAGE));
            fx.start(p1, () -> truncated[0] = fx.world.files().truncate(p1, F, 0));
            int[] choices = new int[point + 1];
            choices[point] = 1;
            fx.world.sim().setSchedule(io.mapdirect.sim.Schedule.of(choices));
            fx.runCompleted();
            assertThat(truncated[0]).as("switch at %d", point).isEqualTo(SysResult.ok());
            assertThat(fx.live("map_direct_state")).as("switch at %d", point).isZero();
            assertThat(fx.inode(F).mapdcount()).as("switch at %d", point).isZero();
            assertThat(fx.inode(F).flctx().leasesSnapshot()).as("switch at %d", point).isEmpty();
            assertThat(fx.nowNs()).as("switch at %d", point).isLessThan(SEC);
        }
    }
}
