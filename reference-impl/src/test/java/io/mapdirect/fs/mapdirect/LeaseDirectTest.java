package io.mapdirect.fs.mapdirect;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.File;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Oops;
import io.mapdirect.kernel.Policy;
import io.mapdirect.mm.LeaseDirectHandle;
import io.mapdirect.mm.Vma;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunOutcome;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.Schedule;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code ->lease_direct()} on MAP_DIRECT mappings [08] [09] and the generic helper of [27] [30]
 * (spec §2.6): reference counts, every registration error path, revocation timing (spec §2.4's
 * IMMEDIATE vs AFTER_GRACE), ENXIO on a breaking mapping, LEASE_ERR_PATH and
 * LEASE_DIRECT_CHECK_FIRST.
 */
class LeaseDirectTest {
    /** A break callback that records when it ran. */
    static final class Revocations implements Consumer<Object> {
        final List<Long> atNs = new ArrayList<>();
        private final Fixture fx;

        Revocations(Fixture fx) {
            this.fx = fx;
        }

        @Override
        public void accept(Object owner) {
            atNs.add(fx.nowNs());
        }
    }

    static KResult<LeaseDirectHandle> leaseDirect(Process p, long addr, Consumer<Object> breakFn) {
        Vma vma = p.mm().findVma(addr);
        return vma.ops().leaseDirect(vma, breakFn, "mr");
    }

    @Test
    void leaseTakesAFileReferenceAndALayoutLeaseAndDestroyGivesThemBack() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            long addr = fx.map(p0, fd, 4, Fixture.DIRECT);
            File file = p0.files().get(fd);
            long countBefore = file.count();
            KResult<LeaseDirectHandle> ld = leaseDirect(p0, addr, owner -> { });
            assertThat(ld.isErr()).isFalse();
            assertThat(file.count()).isEqualTo(countBefore + 1);
            assertThat(fx.inode(F).flctx().leasesSnapshot()).hasSize(2);
            assertThat(((LeaseDirect) ld.value()).owner()).isEqualTo("mr");
            assertThat(((LeaseDirect) ld.value()).file()).isSameAs(file);
            ld.value().destroy();
            assertThat(file.count()).isEqualTo(countBefore);
            assertThat(fx.inode(F).flctx().leasesSnapshot()).hasSize(1);
        });
        assertThat(fx.live("lease_direct")).isZero();
        // destroy() unlocks through lease_direct_lm_change(F_UNLCK): no WARN_ON in the kernel log.
        assertThat(fx.world.kernel().log().warnings()).isZero();
    }

    /** [08]: the break schedules the revocation at once; the MAP_DIRECT holder still has lease-break-time. */
    @Test
    void immediateRevocationRunsAsSoonAsTheBreakStarts() {
        assertRevokedAt(Fixture.boot(), 1);
    }

    /** [35]: AFTER_GRACE revokes lease-break-time after the break started. */
    @Test
    void afterGraceRevocationWaitsLeaseBreakTime() {
        assertRevokedAt(Fixture.boot(Fixture.withPolicy(Policy.v8().withRevokeTiming(Policy.RevokeTiming.AFTER_GRACE))),
                1 + 45 * SEC);
    }

    private static void assertRevokedAt(Fixture fx, long expectedNs) {
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        Revocations revocations = new Revocations(fx);
        boolean[] broken = new boolean[1];
        fx.start(p0, () -> {
            int fd = fx.createF(p0);
            long addr = fx.map(p0, fd, 4, Fixture.DIRECT);
            LeaseDirectHandle ld = leaseDirect(p0, addr, revocations).value();
            fx.sleepNs(100 * SEC);
            broken[0] = ((LeaseDirect) ld).isBreaking();
            ld.destroy();
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            fx.world.files().truncate(p1, F, 0);
        });
        fx.runCompleted();
        assertThat(revocations.atNs).containsExactly(expectedNs);
        assertThat(broken[0]).isTrue();
        assertThat(fx.live("lease_direct")).isZero();
        assertThat(fx.inode(F).mapdcount()).isZero();
    }

    /** [09]: a registration while the mapping is being broken is refused with ENXIO. */
    @Test
    void leaseOnABreakingMappingIsEnxio() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        List<KResult<LeaseDirectHandle>> results = new ArrayList<>();
        fx.start(p0, () -> {
            int fd = fx.createF(p0);
            long addr = fx.map(p0, fd, 4, Fixture.DIRECT);
            fx.sleepNs(SEC);
            results.add(leaseDirect(p0, addr, owner -> { })); // break pending: EAGAIN -> ENXIO
            fx.sleepNs(60 * SEC);
            results.add(leaseDirect(p0, addr, owner -> { })); // invalidated: lease granted, then BREAK seen
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            fx.world.files().truncate(p1, F, 0);
        });
        fx.runCompleted();
        assertThat(results).extracting(KResult::errno).containsExactly(Errno.ENXIO, Errno.ENXIO);
        assertThat(fx.live("lease_direct")).isZero();
        assertThat(fx.world.kernel().probes().count("lease_direct refused on breaking mapping")).isEqualTo(2);
    }

    /** Every allocation of map_direct_lease() can fail; the fixed error path frees what it took. */
    @Test
    void allocationFailuresUnwind() {
        for (int nth = 1; nth <= 2; nth++) {
            Fixture fx = Fixture.boot(Fixture.failingAllocation("ld", nth));
            Process p0 = fx.owner("P0");
            fx.runAs(p0, () -> {
                int fd = fx.createF(p0);
                long addr = fx.map(p0, fd, 4, Fixture.DIRECT);
                long count = p0.files().get(fd).count();
                p0.setFaultScope("ld");
                assertThat(leaseDirect(p0, addr, owner -> { }).errno()).isEqualTo(Errno.ENOMEM);
                assertThat(p0.files().get(fd).count()).isEqualTo(count);
            });
            assertThat(fx.live("lease_direct")).isZero();
            assertThat(fx.live("file_lock")).isEqualTo(1); // the MAP_DIRECT lease only
        }
    }

    /** spec §5 LEASE_ERR_PATH: the seed frees the inner object, a bad free (Oops), and keeps the file reference. */
    @Test
    void seedsErrorPathFreesTheInnerObject() {
        WorldConfig config = Fixture.withBugs(KnownBug.LEASE_ERR_PATH)
                .withFaultRules(Fixture.failingAllocation("ld", 2).faultRules());
        Fixture fx = Fixture.boot(config);
        Process p0 = fx.owner("P0");
        fx.start(p0, () -> {
            int fd = fx.createF(p0);
            long addr = fx.map(p0, fd, 4, Fixture.DIRECT);
            p0.setFaultScope("ld");
            leaseDirect(p0, addr, owner -> { });
        });
        RunResult run = fx.world.run();
        assertThat(run.outcome()).isInstanceOfSatisfying(RunOutcome.Crashed.class, crash ->
                assertThat(crash.error()).isInstanceOfSatisfying(Oops.class,
                        oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.BAD_FREE)));
    }

    /** A lease the lease core refuses (not the owner: EACCES) unwinds through the same error path. */
    @Test
    void refusedLeaseUnwinds() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withDevdax(List.of(new WorldConfig.DevDax("dax0", 4, 1000))));
        Process p1 = fx.other("P1");
        fx.runAs(p1, () -> {
            int fd = fx.open(p1, "/dev/dax0", OpenFlags.O_RDWR);
            long addr = fx.map(p1, fd, 4, Fixture.SHARED);
            assertThat(leaseDirect(p1, addr, owner -> { }).errno()).isEqualTo(Errno.EACCES);
            assertThat(p1.files().get(fd).count()).isEqualTo(2); // the fd and the VMA
        });
        assertThat(fx.live("lease_direct")).isZero();
    }

    /**
     * spec §5 LEASE_DIRECT_CHECK_FIRST [09]: with one forced context switch at each of the first 60
     * scheduling points, the fixed order (take the lease, then check) never hands out a lease_direct
     * on a mapping whose break had already begun when the lease was taken; checking first does, for
     * some switch point. lease-break-time is 0, so the whole break (invalidation, unlock) fits in the
     * window between the check and the lease.
     */
    @Test
    void checkingBeforeTakingTheLeaseMissesABreakTheFixedOrderCatches() {
        int fixedMisses = 0;
        int buggyMisses = 0;
        for (int point = 0; point < 60; point++) {
            fixedMisses += missedBreak(Fixture.withBugs(), point) ? 1 : 0;
            buggyMisses += missedBreak(Fixture.withBugs(KnownBug.LEASE_DIRECT_CHECK_FIRST), point) ? 1 : 0;
        }
        assertThat(fixedMisses).as("fixed order missed a break").isZero();
        assertThat(buggyMisses).as("LEASE_DIRECT_CHECK_FIRST never missed a break").isPositive();
    }

    /** Whether a lease_direct was granted although the mapping's break had begun before the lease was taken. */
    private static boolean missedBreak(WorldConfig config, int switchAt) {
        Fixture fx = Fixture.boot(config.withKernel(config.kernel().withLeaseBreakTimeSec(0)));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] addr = new long[1];
        fx.runAs(p0, () -> addr[0] = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT));
        List<KResult<LeaseDirectHandle>> result = new ArrayList<>();
        fx.start(p0, () -> result.add(leaseDirect(p0, addr[0], owner -> { })));
        fx.start(p1, () -> fx.world.files().truncate(p1, F, 0));
        int[] choices = new int[switchAt + 1];
        choices[switchAt] = 1;
        fx.world.sim().setSchedule(Schedule.of(choices));
        fx.runCompleted();
        if (result.get(0).isErr()) {
            return false;
        }
        int breakAt = -1;
        int takenAt = -1;
        for (EventLog.Entry entry : fx.world.kernel().events().entries()) {
            if (entry.event() instanceof MapDirectEvents.BreakNoticed && breakAt < 0) {
                breakAt = entry.index();
            }
            if (entry.event() instanceof MapDirectEvents.LeaseDirectTaken) {
                takenAt = entry.index();
            }
        }
        return breakAt >= 0 && breakAt < takenAt;
    }
}
