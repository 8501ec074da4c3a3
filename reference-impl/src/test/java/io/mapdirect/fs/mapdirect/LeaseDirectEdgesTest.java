package io.mapdirect.fs.mapdirect;

import static io.mapdirect.fs.mapdirect.LeaseDirectTest.leaseDirect;
import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.FileLock;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.mm.LeaseDirectHandle;
import io.mapdirect.proc.Process;
import io.mapdirect.world.Fixture;
import java.util.ArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Corners of the lease_direct leases [08] [09] that {@link LeaseDirectTest} left unchecked: PIT's
 * mutants of {@code fs.mapdirect} survived on each of these lines. Each test names the rule it pins.
 */
class LeaseDirectEdgesTest {
    /** The lease_direct's layout lease on {@code f}. */
    private static FileLock leaseDirectLease(Fixture fx) {
        return fx.inode(F).flctx().leasesSnapshot().stream()
                .filter(fl -> fl.lmops() instanceof LeaseDirects).findFirst().orElseThrow();
    }

    /** Calls the lease's {@code lm_break} again under {@code flc_lock}, as {@code __break_lease()} does after setting {@code fl_break_time}. */
    private static boolean breakAgain(Fixture fx, FileLock fl, long breakTimeNs) {
        fl.setBreakTimeNs(breakTimeNs);
        fx.inode(F).flctx().flcLock().lock();
        try {
            return fl.lmops().lmBreak(fl);
        } finally {
            fx.inode(F).flctx().flcLock().unlock();
        }
    }

    /** {@code fl->fl_lmops = &lease_direct_lm_ops} [08]; a fresh lease_direct has noticed no break. */
    @Test
    void aFreshLeaseDirectRunsLeaseDirectLmOpsAndIsNotBreaking() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        LeaseDirectHandle[] ld = new LeaseDirectHandle[1];
        fx.runAs(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            ld[0] = leaseDirect(p0, addr, owner -> { }).value();
        });
        FileLock fl = leaseDirectLease(fx);
        assertThat(fl.lmops()).isSameAs(fx.world.leaseDirects());
        assertThat(fl.lmops().name()).isEqualTo("lease_direct_lm_ops");
        assertThat(((LeaseDirect) ld[0]).isBreaking()).isFalse();
    }

    /**
     * lease_direct_lm_break() [08] acts on the first break only: called again while the revocation
     * is still running (IMMEDIATE), it neither reports nor revokes again, and leaves the lease core's
     * fl_break_time alone (the lease core may time the lease out).
     */
    @Test
    void aSecondLmBreakDuringAnImmediateRevocationChangesNothing() {
        Fixture fx = Fixture.boot();
        LeaseDirectTest.Revocations revocations = new LeaseDirectTest.Revocations(fx);
        Consumer<Object> slowRevocation = owner -> {
            revocations.accept(owner);
            fx.sleepNs(10 * SEC);
        };
        SecondBreak second = breakTwice(fx, slowRevocation, 60 * SEC);
        assertThat(second.deletesLease()).isFalse();
        assertThat(second.breakTimeNs()).isEqualTo(7 * SEC);
        assertThat(revocations.atNs).hasSize(1);
        assertThat(fx.world.kernel().events().ofType(MapDirectEvents.LeaseDirectBreakNoticed.class)).hasSize(1);
    }

    /**
     * V8_GRACE's lease_direct_lm_break() (revocation AFTER_GRACE [35]) acts on the first break only,
     * and on a repeated one still sets fl_break_time 0, so that the lease core never times the lease
     * out before the revocation.
     */
    @Test
    void aSecondLmBreakUnderAfterGraceKeepsTheBreakTimeZero() {
        Fixture fx = Fixture.boot(Fixture.withPolicy(Policy.v8().withRevokeTiming(Policy.RevokeTiming.AFTER_GRACE)));
        LeaseDirectTest.Revocations revocations = new LeaseDirectTest.Revocations(fx);
        SecondBreak second = breakTwice(fx, revocations, 100 * SEC);
        assertThat(second.deletesLease()).isFalse();
        assertThat(second.breakTimeNs()).isZero();
        assertThat(revocations.atNs).containsExactly(1 + 45 * SEC);
        assertThat(fx.world.kernel().events().ofType(MapDirectEvents.LeaseDirectBreakNoticed.class)).hasSize(1);
    }

    /** What a second lm_break() of a lease_direct lease returned, and the lease's fl_break_time after it. */
    private record SecondBreak(boolean deletesLease, long breakTimeNs) { }

    /**
     * P0 maps f MAP_DIRECT and takes a lease_direct with {@code revocation}; P1 truncates f at 1 ns (the
     * first break); at 1 s P0 calls lm_break() again (with fl_break_time 7 s), then holds the lease
     * {@code holdNs} before destroying it.
     */
    private static SecondBreak breakTwice(Fixture fx, Consumer<Object> revocation, long holdNs) {
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        SecondBreak[] second = new SecondBreak[1];
        fx.start(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            LeaseDirectHandle ld = leaseDirect(p0, addr, revocation).value();
            fx.sleepNs(SEC);
            FileLock fl = leaseDirectLease(fx);
            boolean deletes = breakAgain(fx, fl, 7 * SEC);
            second[0] = new SecondBreak(deletes, fl.breakTimeNs());
            fx.sleepNs(holdNs);
            ld.destroy();
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            fx.world.files().truncate(p1, F, 0);
        });
        fx.runCompleted();
        return second[0];
    }

    /** lease_direct_lm_change() [08]: {@code WARN_ON(!(arg & F_UNLCK))}, anything but an unlock is a kernel warning. */
    @Test
    void lmChangeWarnsOnAnythingButAnUnlock() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            leaseDirect(p0, fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT), owner -> { });
            FileLock fl = leaseDirectLease(fx);
            assertThat(fx.world.kernel().log().warnings()).isZero();
            fx.inode(F).flctx().flcLock().lock();
            fl.lmops().lmChange(fl, FileLock.F_RDLCK, new ArrayList<>());
            fx.inode(F).flctx().flcLock().unlock();
        });
        assertThat(fx.world.kernel().log().warnings()).isEqualTo(1);
    }

    /** lease_direct_lm_change() [08] returns what lease_modify() returns: EINVAL for an unknown lease type. */
    @Test
    void lmChangeReturnsLeaseModifysError() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        int[] rc = {0};
        fx.runAs(p0, () -> {
            leaseDirect(p0, fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT), owner -> { });
            FileLock fl = leaseDirectLease(fx);
            fx.inode(F).flctx().flcLock().lock();
            rc[0] = fl.lmops().lmChange(fl, 7, new ArrayList<>());
            fx.inode(F).flctx().flcLock().unlock();
        });
        assertThat(rc[0]).isEqualTo(Errno.EINVAL.negative());
    }

    /**
     * spec §5 LEASE_DIRECT_CHECK_FIRST [09]: checking before taking the lease misses only a break that
     * starts in between; a mapping whose break is over (invalidated, its lease gone) is still
     * refused with ENXIO, and no lease is taken.
     */
    @Test
    void checkingFirstStillRefusesAMappingAlreadyBroken() {
        Fixture fx = Fixture.boot(Fixture.withBugs(KnownBug.LEASE_DIRECT_CHECK_FIRST));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        KResult<?>[] result = new KResult<?>[1];
        fx.start(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT);
            fx.sleepNs(60 * SEC);
            result[0] = leaseDirect(p0, addr, owner -> { });
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            fx.world.files().truncate(p1, F, 0);
        });
        fx.runCompleted();
        assertThat(result[0].errno()).isEqualTo(Errno.ENXIO);
        assertThat(fx.world.kernel().events().ofType(MapDirectEvents.LeaseDirectTaken.class)).isEmpty();
        assertThat(fx.live("lease_direct")).isZero();
    }
}
