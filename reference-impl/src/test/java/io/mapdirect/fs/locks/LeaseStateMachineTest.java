package io.mapdirect.fs.locks;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.syscalls.LeaseCalls;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fcntl lease state machine of {@code fs/locks.c} (spec §2.4 and 7, scenario S20): set, get,
 * unlock, upgrade, downgrade, breaks by readers and writers, time-outs, O_NONBLOCK, EINTR, layout
 * versus lease breakers, the last close and allocation failures.
 */
class LeaseStateMachineTest {
    static final int RDONLY_CREAT = OpenFlags.O_RDONLY | OpenFlags.O_CREAT;

    static LeaseCalls leases(Fixture fx) {
        return fx.world.leases();
    }

    @Test
    void setGetUnlockUpgradeAndDowngradeOwnLease() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.open(p0, F, RDONLY_CREAT);
            assertThat(leases(fx).getLease(p0, fd)).isEqualTo(SysResult.value(FileLock.F_UNLCK));
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_RDLCK)).isEqualTo(SysResult.ok());
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_WRLCK)).isEqualTo(SysResult.ok());
            assertThat(leases(fx).getLease(p0, fd)).isEqualTo(SysResult.value(FileLock.F_WRLCK));
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_RDLCK)).isEqualTo(SysResult.ok());
            assertThat(leases(fx).getLease(p0, fd)).isEqualTo(SysResult.value(FileLock.F_RDLCK));
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_UNLCK)).isEqualTo(SysResult.ok());
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_UNLCK)).isEqualTo(SysResult.err(Errno.EAGAIN));
            assertThat(leases(fx).setLease(p0, fd, 7)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(leases(fx).setLease(p0, 99, FileLock.F_RDLCK)).isEqualTo(SysResult.err(Errno.EBADF));
            assertThat(leases(fx).getLease(p0, 99)).isEqualTo(SysResult.err(Errno.EBADF));
        });
        assertThat(fx.live("file_lock")).isZero();
        assertThat(fx.live("fasync_struct")).isZero();
    }

    /** [06] relies on it: only the owner (fsuid) or a CAP_LEASE holder may set a lease; only on regular files. */
    @Test
    void nonOwnerGetsEaccesAndADeviceGetsEinval() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withDevdax(List.of(new WorldConfig.DevDax("dax0", 2, 2000))));
        Process p0 = fx.owner("P0");
        Process p1 = fx.other("P1");
        fx.runAs(p0, () -> fx.open(p0, F, RDONLY_CREAT));
        fx.runAs(p1, () -> {
            int fd = fx.open(p1, F, OpenFlags.O_RDONLY);
            assertThat(leases(fx).setLease(p1, fd, FileLock.F_RDLCK)).isEqualTo(SysResult.err(Errno.EACCES));
            int dax = fx.open(p1, "/dev/dax0", OpenFlags.O_RDONLY);
            assertThat(leases(fx).setLease(p1, dax, FileLock.F_RDLCK)).isEqualTo(SysResult.err(Errno.EINVAL));
        });
    }

    /** spec §7: F_WRLCK while another process holds a read lease is EAGAIN; so is any lease during an unlock break. */
    @Test
    void conflictingLeasesAndLeasesDuringABreakAreRefused() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        Process p2 = fx.owner("P2");
        SysResult[] results = new SysResult[3];
        fx.start(p0, () -> {
            int fd = fx.open(p0, F, RDONLY_CREAT);
            leases(fx).setLease(p0, fd, FileLock.F_RDLCK);
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            int fd = fx.open(p1, F, OpenFlags.O_RDONLY);
            results[0] = leases(fx).setLease(p1, fd, FileLock.F_WRLCK);
            results[1] = leases(fx).setLease(p1, fd, FileLock.F_RDLCK);
            fx.sleepNs(SEC);
            results[2] = leases(fx).setLease(p1, fd, FileLock.F_RDLCK);
        });
        fx.start(p2, () -> {
            fx.sleepNs(SEC / 2);
            fx.world.files().open(p2, F, OpenFlags.O_WRONLY | OpenFlags.O_NONBLOCK);
        });
        fx.runCompleted();
        assertThat(results[0]).isEqualTo(SysResult.err(Errno.EAGAIN));
        assertThat(results[1]).isEqualTo(SysResult.ok()); // a second reader may share
        assertThat(results[2]).isEqualTo(SysResult.err(Errno.EAGAIN)); // unlock pending on P0's lease
    }

    /**
     * Regression: a read breaker of a write lease waited forever, because it woke only when the lease
     * went away; the holder's downgrade must let it through at once.
     */
    @Test
    void readBreakerOfAWriteLeaseReturnsWhenTheHolderDowngrades() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] openedAtNs = {-1};
        fx.start(p0, () -> {
            int fd = fx.open(p0, F, RDONLY_CREAT);
            leases(fx).setLease(p0, fd, FileLock.F_WRLCK);
            assertThat(p0.awaitSignal(Signal.SIGIO, 10 * SEC)).isTrue();
            assertThat(leases(fx).getLease(p0, fd)).isEqualTo(SysResult.value(FileLock.F_RDLCK));
            fx.sleepNs(SEC);
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_RDLCK)).isEqualTo(SysResult.ok());
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            assertThat(fx.world.files().open(p1, F, OpenFlags.O_RDONLY).isOk()).isTrue();
            openedAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(openedAtNs[0]).isEqualTo(1 + SEC);
        assertThat(fx.inode(F).flctx().leasesSnapshot()).singleElement()
                .satisfies(fl -> assertThat(fl.type()).isEqualTo(FileLock.F_RDLCK));
    }

    /**
     * Regression: a downgrade had no time-out. A holder ignoring SIGIO is downgraded at
     * lease-break-time; a later write breaker then waits a full lease-break-time of its own (it must not
     * spin on the stale downgrade deadline).
     */
    @Test
    void ignoredDowngradeTimesOutThenAWriterWaitsItsOwnBreakTime() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        Process p2 = fx.owner("P2");
        long[] doneAtNs = {-1, -1};
        fx.start(p0, () -> leases(fx).setLease(p0, fx.open(p0, F, RDONLY_CREAT), FileLock.F_WRLCK));
        fx.start(p1, () -> {
            fx.sleepNs(1);
            fx.open(p1, F, OpenFlags.O_RDONLY);
            doneAtNs[0] = fx.nowNs();
        });
        fx.start(p2, () -> {
            fx.sleepNs(50 * SEC);
            fx.open(p2, F, OpenFlags.O_WRONLY);
            doneAtNs[1] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(doneAtNs[0]).isEqualTo(1 + 45 * SEC);
        assertThat(doneAtNs[1]).isEqualTo(95 * SEC);
        assertThat(p0.count(Signal.SIGIO)).isEqualTo(2);
        assertThat(fx.inode(F).flctx().leasesSnapshot()).isEmpty();
    }

    /**
     * A lease-break-time of 0 gives the break no deadline: the lease never times out and the breaker
     * waits until the holder unlocks (4.14 {@code __break_lease}: {@code break_time = 0; if
     * (lease_break_time > 0) ...}, and {@code past_time(0)} is false, "this never expires").
     */
    @Test
    void leaseBreakTimeZeroNeverTimesOut() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] openedAtNs = {-1};
        fx.start(p0, () -> {
            assertThat(leases(fx).setLeaseBreakTime(-1)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(leases(fx).setLeaseBreakTime(0)).isEqualTo(SysResult.ok());
            int fd = fx.open(p0, F, RDONLY_CREAT);
            leases(fx).setLease(p0, fd, FileLock.F_RDLCK);
            fx.sleepNs(100 * SEC);
            leases(fx).setLease(p0, fd, FileLock.F_UNLCK);
        });
        fx.start(p1, () -> {
            fx.sleepNs(SEC);
            fx.open(p1, F, OpenFlags.O_RDWR);
            openedAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(openedAtNs[0]).isEqualTo(100 * SEC);
        assertThat(p0.count(Signal.SIGIO)).isEqualTo(1);
    }

    /** scenario S20: a non-blocking opener gets EWOULDBLOCK at once, a blocked one EINTR when interrupted. */
    @Test
    void nonBlockingAndInterruptedOpeners() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        SysResult[] results = new SysResult[2];
        fx.start(p0, () -> {
            leases(fx).setLease(p0, fx.open(p0, F, RDONLY_CREAT), FileLock.F_RDLCK);
            fx.sleepNs(2 * SEC);
            fx.world.proc().kill(p1, Signal.SIGUSR1);
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            results[0] = fx.world.files().open(p1, F, OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK);
            results[1] = fx.world.files().open(p1, F, OpenFlags.O_RDWR);
            p1.deliverPendingSignals();
        });
        fx.runCompleted();
        assertThat(results[0]).isEqualTo(SysResult.err(Errno.EWOULDBLOCK));
        assertThat(results[1]).isEqualTo(SysResult.err(Errno.EINTR));
        assertThat(p0.count(Signal.SIGIO)).isEqualTo(1);
        assertThat(fx.world.proc().exit(p1)).isEqualTo(SysResult.ok());
        assertThat(fx.world.proc().kill(p1, Signal.SIGINT)).isEqualTo(SysResult.err(Errno.EINVAL));
    }

    /** spec §2.4: opens break only fcntl leases; write/fallocate/truncate break only layout leases. */
    @Test
    void layoutAndLeaseBreakersBreakOnlyTheirOwnKind() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        fx.runAs(p0, () -> {
            int fd = fx.open(p0, F, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_WRLCK)).isEqualTo(SysResult.ok());
            assertThat(fx.world.files().write(p0, fd, 0, 4 * Fixture.PAGE, 1).isOk()).isTrue(); // no layout lease
            assertThat(leases(fx).getLease(p0, fd)).isEqualTo(SysResult.value(FileLock.F_WRLCK));
            // Unlocking clears the file's SIGIO owner (f_delown), so map after it: the layout lease's
            // lm_setup makes P0 the owner again.
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_UNLCK)).isEqualTo(SysResult.ok());
            fx.map(p0, fd, 4, Fixture.DIRECT);
        });
        fx.runAs(p1, () -> {
            int fd = fx.open(p1, F, OpenFlags.O_RDWR); // the layout lease does not conflict with opens
            assertThat(fx.nowNs()).isZero();
            assertThat(fx.world.files().write(p1, fd, 0, Fixture.PAGE, 2)).isEqualTo(SysResult.value(Fixture.PAGE));
        });
        assertThat(p0.count(Signal.SIGIO)).isEqualTo(1); // the write broke the layout lease only
        assertThat(fx.nowNs()).isEqualTo(45 * SEC);
        assertThat(fx.inode(F).mapdcount()).isZero();
    }

    @Test
    void lastCloseRemovesTheLeaseAndItsFasyncEntry() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.open(p0, F, RDONLY_CREAT);
            leases(fx).setLease(p0, fd, FileLock.F_RDLCK);
            assertThat(fx.live("fasync_struct")).isEqualTo(1);
            fx.world.files().close(p0, fd);
        });
        assertThat(fx.inode(F).flctx().leasesSnapshot()).isEmpty();
        assertThat(fx.live("file_lock")).isZero();
        assertThat(fx.live("fasync_struct")).isZero();
    }

    /** Allocation-failure injection: the lease, its fasync entry and the breaker's lock each fail cleanly with ENOMEM. */
    @Test
    void everyLeaseAllocationCanFail() {
        for (int nth = 1; nth <= 2; nth++) {
            Fixture fx = Fixture.boot(Fixture.failingAllocation("setlease", nth));
            Process p0 = fx.owner("P0");
            fx.runAs(p0, () -> {
                int fd = fx.open(p0, F, RDONLY_CREAT);
                p0.setFaultScope("setlease");
                assertThat(leases(fx).setLease(p0, fd, FileLock.F_RDLCK)).isEqualTo(SysResult.err(Errno.ENOMEM));
            });
            assertThat(fx.live("file_lock")).isZero();
            assertThat(fx.live("fasync_struct")).isZero();
        }
        Fixture fx = Fixture.boot(Fixture.failingAllocation("open", 1));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        fx.runAs(p0, () -> leases(fx).setLease(p0, fx.open(p0, F, RDONLY_CREAT), FileLock.F_RDLCK));
        fx.runAs(p1, () -> {
            p1.setFaultScope("open");
            assertThat(fx.world.files().open(p1, F, OpenFlags.O_RDWR)).isEqualTo(SysResult.err(Errno.ENOMEM));
        });
        assertThat(p0.count(Signal.SIGIO)).isZero();
    }

    /** A second reader meets a lease already being downgraded: no second break, no second SIGIO. */
    @Test
    void secondReadBreakerDoesNotBreakAgain() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        SysResult[] results = new SysResult[2];
        fx.start(p0, () -> leases(fx).setLease(p0, fx.open(p0, F, RDONLY_CREAT), FileLock.F_WRLCK));
        fx.start(p1, () -> {
            fx.sleepNs(1);
            results[0] = fx.world.files().open(p1, F, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK);
            results[1] = fx.world.files().open(p1, F, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK);
        });
        fx.runCompleted();
        assertThat(results).containsExactly(SysResult.err(Errno.EWOULDBLOCK), SysResult.err(Errno.EWOULDBLOCK));
        assertThat(p0.count(Signal.SIGIO)).isEqualTo(1);
    }

    /** A reader behind a pending unlock waits for the unlock deadline (not a downgrade deadline). */
    @Test
    void readBreakerBehindAPendingUnlockWaitsForIt() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] openedAtNs = {-1};
        fx.start(p0, () -> leases(fx).setLease(p0, fx.open(p0, F, RDONLY_CREAT), FileLock.F_WRLCK));
        fx.start(p1, () -> {
            fx.sleepNs(1);
            fx.world.files().open(p1, F, OpenFlags.O_WRONLY | OpenFlags.O_NONBLOCK);
            fx.sleepNs(SEC);
            fx.open(p1, F, OpenFlags.O_RDONLY);
            openedAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(openedAtNs[0]).isEqualTo(1 + 45 * SEC);
        assertThat(fx.inode(F).flctx().leasesSnapshot()).isEmpty();
    }

    /** Leases of other files are left alone by close, unlock and get. */
    @Test
    void otherFilesLeasesAreUntouched() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.open(p0, F, RDONLY_CREAT);
            int other = fx.open(p0, F, OpenFlags.O_RDONLY);
            leases(fx).setLease(p0, fd, FileLock.F_RDLCK);
            assertThat(leases(fx).getLease(p0, other)).isEqualTo(SysResult.value(FileLock.F_UNLCK));
            assertThat(leases(fx).setLease(p0, other, FileLock.F_UNLCK)).isEqualTo(SysResult.err(Errno.EAGAIN));
            fx.world.files().close(p0, other);
            assertThat(leases(fx).getLease(p0, fd)).isEqualTo(SysResult.value(FileLock.F_RDLCK));
            fx.world.files().close(p0, fd);
        });
        assertThat(fx.inode(F).flctx().leasesSnapshot()).isEmpty();
    }
}
