package io.mapdirect.fs.locks;

import static io.mapdirect.fs.locks.LeaseStateMachineTest.RDONLY_CREAT;
import static io.mapdirect.fs.locks.LeaseStateMachineTest.leases;
import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Corners of the lease core ({@code fs/locks.c} as 4.14 has it) that the state-machine tests and the
 * property suites left unchecked: PIT's mutants of {@code fs.locks} survived on each of these lines
 * (docs/mutation.md, "Survivors of fs.locks"). Each test names the kernel rule it pins.
 */
class LeaseCoreEdgesTest {
    /**
     * {@code fcntl_getlease()} calls {@code time_out_leases()} first: a lease whose unlock deadline has
     * passed is deleted and freed by the query itself, with its fasync entry.
     */
    @Test
    void getleaseTimesOutALeasePastItsDeadlineAndFreesIt() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        int[] liveAfter = {-1, -1};
        SysResult[] got = new SysResult[1];
        fx.start(p0, () -> {
            int fd = fx.open(p0, F, RDONLY_CREAT);
            leases(fx).setLease(p0, fd, FileLock.F_RDLCK);
            fx.sleepNs(50 * SEC);
            got[0] = leases(fx).getLease(p0, fd);
            liveAfter[0] = fx.live("file_lock");
            liveAfter[1] = fx.live("fasync_struct");
        });
        fx.start(p1, () -> {
            fx.sleepNs(SEC);
            assertThat(fx.world.files().open(p1, F, OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK))
                    .isEqualTo(SysResult.err(Errno.EWOULDBLOCK));
        });
        fx.runCompleted();
        assertThat(got[0]).isEqualTo(SysResult.value(FileLock.F_UNLCK));
        assertThat(liveAfter).containsExactly(0, 0);
        assertThat(fx.world.kernel().probes().count("lease timed out")).isEqualTo(1);
    }

    /** {@code fcntl_getlease()} answers for the lease of this open file only: another file's lease is not its own. */
    @Test
    void getleaseOfAnotherOpenFileIsUnlocked() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        fx.runAs(p0, () -> leases(fx).setLease(p0, fx.open(p0, F, RDONLY_CREAT), FileLock.F_RDLCK));
        fx.runAs(p1, () -> {
            int fd = fx.open(p1, F, OpenFlags.O_RDONLY);
            assertThat(leases(fx).getLease(p1, fd)).isEqualTo(SysResult.value(FileLock.F_UNLCK));
        });
    }

    /** A MAP_DIRECT mapping's lease is a layout lease on the same open file; F_GETLEASE does not report it. */
    @Test
    void getleaseIgnoresTheMapDirectLeaseOfTheSameFile() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            fx.map(p0, fd, 4, Fixture.DIRECT);
            assertThat(fx.inode(F).flctx().leasesSnapshot()).hasSize(1);
            assertThat(leases(fx).getLease(p0, fd)).isEqualTo(SysResult.value(FileLock.F_UNLCK));
        });
    }

    /**
     * {@code generic_add_lease()}: no exclusive lease while someone else has a lease on the file, even when
     * that lease hangs off the same open file (a MAP_DIRECT mapping's) and the open counts allow it.
     */
    @Test
    void writeLeaseIsRefusedWhileTheSameFileHoldsAMapDirectLease() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            fx.map(p0, fd, 4, Fixture.DIRECT);
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_WRLCK)).isEqualTo(SysResult.err(Errno.EAGAIN));
            assertThat(fx.inode(F).flctx().leasesSnapshot()).hasSize(1);
        });
    }

    /**
     * Two readers each get a lease of their own (a lease is "mine" only for the same file and owner), and
     * unlocking one leaves the other ({@code generic_delete_lease()} matches file and owner too).
     */
    @Test
    void twoReadersHoldTwoLeasesAndUnlockOnlyTheirOwn() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        int[] fds = new int[2];
        fx.runAs(p0, () -> {
            fds[0] = fx.open(p0, F, RDONLY_CREAT);
            leases(fx).setLease(p0, fds[0], FileLock.F_RDLCK);
        });
        fx.runAs(p1, () -> {
            fds[1] = fx.open(p1, F, OpenFlags.O_RDONLY);
            assertThat(leases(fx).setLease(p1, fds[1], FileLock.F_RDLCK)).isEqualTo(SysResult.ok());
            assertThat(leases(fx).getLease(p1, fds[1])).isEqualTo(SysResult.value(FileLock.F_RDLCK));
            assertThat(fx.inode(F).flctx().leasesSnapshot()).hasSize(2);
            assertThat(leases(fx).setLease(p1, fds[1], FileLock.F_UNLCK)).isEqualTo(SysResult.ok());
        });
        fx.runAs(p0, () -> assertThat(leases(fx).getLease(p0, fds[0])).isEqualTo(SysResult.value(FileLock.F_RDLCK)));
        assertThat(fx.inode(F).flctx().leasesSnapshot()).singleElement()
                .satisfies(fl -> assertThat(fl.owner()).isSameAs(fl.file()));
        assertThat(fx.live("file_lock")).isEqualTo(1);
    }

    /** Without the 2019 RFC, F_LAYOUT is an unknown lease type: EINVAL, for an unlock as for a lease. */
    @Test
    void layoutFlagIsUnknownWithoutTheLayoutLeaseRfc() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.open(p0, F, RDONLY_CREAT);
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_LAYOUT | FileLock.F_UNLCK)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_LAYOUT | FileLock.F_RDLCK)).isEqualTo(SysResult.err(Errno.EINVAL));
        });
        assertThat(fx.live("file_lock")).isZero();
    }

    /**
     * The 2019 RFC: a write layout lease is EINVAL, and the owner's own lease of the other kind (a plain
     * read lease, then a layout one on the same file) is EINVAL rather than changed.
     */
    @Test
    void layoutLeaseRfcRefusesWriteLayoutsAndTheOtherKindOfOwnLease() {
        Fixture fx = Fixture.boot(Fixture.withPolicy(Policy.v8().withLongTermPin(Policy.LongTermPin.LAYOUT_LEASE)));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.open(p0, F, RDONLY_CREAT);
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_LAYOUT | FileLock.F_WRLCK)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_RDLCK)).isEqualTo(SysResult.ok());
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_LAYOUT | FileLock.F_RDLCK)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(fx.inode(F).flctx().leasesSnapshot()).singleElement()
                    .satisfies(fl -> assertThat(fl.isLayout()).isFalse());
        });
    }

    /**
     * {@code lease_clear_pending()}: a downgrade clears the downgrade-pending bit and (repair
     * DOWNGRADE_DEADLINE_CLEARED) its deadline, so a lease upgraded again afterwards is a plain write lease:
     * F_GETLEASE says F_WRLCK, and the old deadline does not downgrade it later.
     */
    @Test
    void aCompletedDowngradeLeavesNothingPendingForALaterUpgrade() {
        assertThat(upgradeAfterDowngrade(Set.of())).containsExactly(SysResult.ok(), SysResult.value(FileLock.F_WRLCK),
                SysResult.value(FileLock.F_WRLCK));
    }

    /**
     * As posted ({@code lease_clear_pending()} clears the bit but leaves {@code fl_downgrade_time}),
     * {@code time_out_leases()} downgrades the upgraded lease at the old deadline: the later F_GETLEASE
     * says F_RDLCK (repair DOWNGRADE_DEADLINE_CLEARED reverted).
     */
    @Test
    void asPostedTheOldDowngradeDeadlineDowngradesALaterUpgrade() {
        assertThat(upgradeAfterDowngrade(Set.of(Repair.DOWNGRADE_DEADLINE_CLEARED))).containsExactly(SysResult.ok(),
                SysResult.value(FileLock.F_WRLCK), SysResult.value(FileLock.F_RDLCK));
    }

    /** The upgrade's result, F_GETLEASE right after it and F_GETLEASE 60 s later, with {@code reverted} repairs reverted. */
    private static SysResult[] upgradeAfterDowngrade(Set<Repair> reverted) {
        WorldConfig config = WorldConfig.defaults();
        Fixture fx = Fixture.boot(config.withKernel(config.kernel().withReverted(reverted)));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        SysResult[] got = new SysResult[3];
        fx.start(p0, () -> {
            int fd = fx.open(p0, F, RDONLY_CREAT);
            leases(fx).setLease(p0, fd, FileLock.F_WRLCK);
            assertThat(p0.awaitSignal(Signal.SIGIO, 10 * SEC)).isTrue();
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_RDLCK)).isEqualTo(SysResult.ok());
            fx.sleepNs(3 * SEC);
            got[0] = leases(fx).setLease(p0, fd, FileLock.F_WRLCK);
            got[1] = leases(fx).getLease(p0, fd);
            fx.sleepNs(60 * SEC);
            got[2] = leases(fx).getLease(p0, fd);
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            int fd = fx.open(p1, F, OpenFlags.O_RDONLY);
            fx.world.files().close(p1, fd);
        });
        fx.runCompleted();
        return got;
    }

    /**
     * {@code generic_add_lease()} times out expired leases and frees them once {@code flc_lock} is dropped
     * ({@code locks_dispose_list()}): a new lease taken after another's deadline leaves one lease alive.
     */
    @Test
    void aNewLeaseTimesOutAndFreesAnExpiredOne() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        Process p2 = fx.owner("P2");
        int[] liveAfter = {-1};
        fx.start(p0, () -> leases(fx).setLease(p0, fx.open(p0, F, RDONLY_CREAT), FileLock.F_RDLCK));
        fx.start(p1, () -> {
            fx.sleepNs(SEC);
            assertThat(fx.world.files().open(p1, F, OpenFlags.O_WRONLY | OpenFlags.O_NONBLOCK))
                    .isEqualTo(SysResult.err(Errno.EWOULDBLOCK));
        });
        fx.start(p2, () -> {
            fx.sleepNs(2 * SEC);
            int fd = fx.open(p2, F, OpenFlags.O_RDONLY); // before the deadline: this open's break times nothing out
            fx.sleepNs(48 * SEC);
            assertThat(leases(fx).setLease(p2, fd, FileLock.F_RDLCK)).isEqualTo(SysResult.ok());
            liveAfter[0] = fx.live("file_lock");
        });
        fx.runCompleted();
        assertThat(liveAfter[0]).isEqualTo(1);
        assertThat(p0.count(Signal.SIGIO)).isEqualTo(1);
    }

    /**
     * {@code __break_lease()} breaks only the leases that conflict with the breaker: a writer's open breaks
     * another process's read lease but not the MAP_DIRECT mapping's layout lease on the same file (a lease
     * breaker breaks fcntl leases only, {@code leases_conflict()}), whose holder gets no SIGIO.
     */
    @Test
    void aWriterBreaksTheReadLeaseButNotTheMapDirectLease() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        Process p2 = fx.owner("P2");
        fx.runAs(p0, () -> {
            fx.world.files().close(p0, fx.createF(p0));
            int fd = fx.open(p0, F, OpenFlags.O_RDONLY);
            fx.world.mm().mmap(p0, 0, 4 * Fixture.PAGE, io.mapdirect.mm.MmapFlags.PROT_READ, Fixture.DIRECT, fd, 0)
                    .valueOrThrow();
        });
        fx.runAs(p1, () -> assertThat(leases(fx).setLease(p1, fx.open(p1, F, OpenFlags.O_RDONLY), FileLock.F_RDLCK))
                .isEqualTo(SysResult.ok()));
        fx.runAs(p2, () -> assertThat(fx.world.files().open(p2, F, OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK))
                .isEqualTo(SysResult.err(Errno.EWOULDBLOCK)));
        assertThat(p1.count(Signal.SIGIO)).isEqualTo(1);
        assertThat(p0.count(Signal.SIGIO)).isZero();
        assertThat(fx.inode(F).flctx().leasesSnapshot()).filteredOn(FileLock::isLayout).singleElement()
                .satisfies(fl -> assertThat(fl.isBreaking()).isFalse());
    }

    /**
     * {@code check_conflicting_open()}: a write lease needs the open counts to be the requester's own; an
     * O_RDWR file counts once, as a writer, so its owner alone may take a write lease.
     */
    @Test
    void theOnlyReadWriteOpenMayTakeAWriteLease() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_WRLCK)).isEqualTo(SysResult.ok());
            assertThat(leases(fx).getLease(p0, fd)).isEqualTo(SysResult.value(FileLock.F_WRLCK));
        });
    }

    /**
     * Repair DELOWN_FCNTL_UNLOCK_ONLY in {@code lease_modify()}: when one MAP_DIRECT mapping of an open file
     * goes away, its lease's unlock leaves the file's SIGIO owner set, so a later break of the other
     * mapping's lease still signals the holder (4.14's {@code f_delown()} for every lease would leave the
     * break's SIGIO with nobody to go to).
     */
    @Test
    void unmappingOneMapDirectMappingKeepsTheOthersSigio() {
        assertThat(sigiosAfterUnmappingOneOfTwoMappings(Set.of())).isEqualTo(1);
    }

    /** As posted (repair DELOWN_FCNTL_UNLOCK_ONLY reverted): the unmapped mapping's unlock clears the SIGIO owner, so the break signals nobody. */
    @Test
    void asPostedUnmappingOneMapDirectMappingLosesTheOthersSigio() {
        assertThat(sigiosAfterUnmappingOneOfTwoMappings(Set.of(Repair.DELOWN_FCNTL_UNLOCK_ONLY))).isZero();
    }

    private static long sigiosAfterUnmappingOneOfTwoMappings(Set<Repair> reverted) {
        WorldConfig config = WorldConfig.defaults();
        Fixture fx = Fixture.boot(config.withKernel(config.kernel().withReverted(reverted)));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        fx.start(p0, () -> {
            int fd = fx.createF(p0);
            fx.map(p0, fd, 4, Fixture.DIRECT);
            long second = fx.map(p0, fd, 4, Fixture.DIRECT);
            assertThat(fx.world.mm().munmap(p0, second, 4 * Fixture.PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.inode(F).flctx().leasesSnapshot()).hasSize(1);
            fx.sleepNs(100 * SEC);
        });
        fx.start(p1, () -> {
            fx.sleepNs(SEC);
            fx.world.files().truncate(p1, F, 0);
        });
        fx.runCompleted();
        return p0.count(Signal.SIGIO);
    }

    /**
     * Repair BREAKER_SLEEPS_ON_CONFLICTING in {@code __break_lease()}: a writer blocked by a read lease
     * sleeps on that lease, not on the first lease of the list (here a MAP_DIRECT mapping's layout lease,
     * which it does not break), so it returns the instant the read lease is unlocked; as posted it sleeps
     * on the layout lease, polls every jiffy, and returns at the next jiffy.
     */
    @Test
    void aBlockedWriterReturnsTheInstantTheConflictingLeaseGoes() {
        assertThat(writerOpenedAtNs(Set.of())).isEqualTo(5 * SEC + 1);
        assertThat(writerOpenedAtNs(Set.of(Repair.BREAKER_SLEEPS_ON_CONFLICTING))).isEqualTo(5 * SEC + 4_000_000);
    }

    private static long writerOpenedAtNs(Set<Repair> reverted) {
        WorldConfig config = WorldConfig.defaults();
        Fixture fx = Fixture.boot(config.withKernel(config.kernel().withReverted(reverted)));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        Process p2 = fx.owner("P2");
        long unlockAtNs = 5 * SEC + 1;
        long[] openedAtNs = {-1};
        fx.runAs(p0, () -> {
            fx.world.files().close(p0, fx.createF(p0));
            int fd = fx.open(p0, F, OpenFlags.O_RDONLY);
            fx.world.mm().mmap(p0, 0, 4 * Fixture.PAGE, io.mapdirect.mm.MmapFlags.PROT_READ, Fixture.DIRECT, fd, 0)
                    .valueOrThrow();
        });
        fx.start(p1, () -> {
            int fd = fx.open(p1, F, OpenFlags.O_RDONLY);
            leases(fx).setLease(p1, fd, FileLock.F_RDLCK);
            fx.sleepNs(unlockAtNs - fx.nowNs());
            leases(fx).setLease(p1, fd, FileLock.F_UNLCK);
        });
        fx.start(p2, () -> {
            fx.sleepNs(SEC);
            assertThat(fx.world.files().open(p2, F, OpenFlags.O_RDWR).isOk()).isTrue();
            openedAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(p0.count(Signal.SIGIO)).isZero();
        return openedAtNs[0];
    }

    /**
     * {@code generic_add_lease()} on a lease the file already holds: {@code lm_change()}, then
     * {@code goto out_setup}, so {@code lease_setup()} runs again and {@code __f_setown()} makes the
     * caller the file's SIGIO owner. A child that inherited the descriptor and sets the same lease
     * again therefore gets the break's SIGIO, not the parent that took the lease.
     */
    @Test
    void aLeaseSetAgainThroughAnInheritedDescriptorSignalsTheNewSetter() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        Process[] child = new Process[1];
        int[] fd = new int[1];
        fx.runAs(p0, () -> {
            fd[0] = fx.open(p0, F, RDONLY_CREAT);
            assertThat(leases(fx).setLease(p0, fd[0], FileLock.F_RDLCK)).isEqualTo(SysResult.ok());
            child[0] = fx.world.proc().fork(p0, "C");
        });
        fx.runAs(child[0], () -> assertThat(leases(fx).setLease(child[0], fd[0], FileLock.F_RDLCK))
                .isEqualTo(SysResult.ok()));
        assertThat(fx.inode(F).flctx().leasesSnapshot()).hasSize(1);
        fx.start(p1, () -> fx.world.files().open(p1, F, OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK));
        fx.runCompleted();
        assertThat(child[0].count(Signal.SIGIO)).isEqualTo(1);
        assertThat(p0.count(Signal.SIGIO)).isZero();
    }

    /**
     * Repair BREAKER_BREAKS_NEW_LEASES in {@code __break_lease()}: a MAP_DIRECT holder that unmaps on
     * SIGIO and maps again before the woken truncate runs has a new lease. Repaired, the breaker breaks
     * it too (a second SIGIO; the holder unmaps again and the truncate finishes at once); as posted
     * ({@code goto restart} past the {@code lm_break()} loop) it waits for the new lease unbroken, with
     * no SIGIO, until the holder gives up waiting for one 10 s later. The schedule's one preemption (at
     * decision 23, found by trying every single preemption of the first 60 decisions: 22-24 work) keeps
     * the holder running after its unmap wakes the breaker; without it the breaker runs first and the
     * holder's new mapping comes after the truncate.
     */
    @Test
    void aLeaseTakenWhileTheBreakerSleepsIsBrokenToo() {
        long[] repaired = remapOnSigio(Set.of());
        assertThat(repaired).containsExactly(2, SEC);
        long[] posted = remapOnSigio(Set.of(Repair.BREAKER_BREAKS_NEW_LEASES));
        assertThat(posted).containsExactly(1, 11 * SEC);
    }

    /** Preempt once, at decision 23, to the other runnable task. */
    private static final int[] REMAP_BEFORE_THE_BREAKER_RUNS = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 1};

    /**
     * The lease taken while the breaker slept is broken with a deadline like the first: a holder that
     * ignores the second SIGIO loses the mapping at lease-break-time (45 s) after it, by MAP_DIRECT's own
     * invalidation timer, and the truncate returns then, not when the holder happens to unmap 100 s later.
     */
    @Test
    void aLeaseTakenWhileTheBreakerSleepsGetsTheWriteBreaksDeadline() {
        assertThat(remapOnSigio(Set.of(), false)).containsExactly(2, 46 * SEC);
    }

    /** The holder's SIGIOs and when the truncate returned, with {@code reverted} repairs reverted. */
    private static long[] remapOnSigio(Set<Repair> reverted) {
        return remapOnSigio(reverted, true);
    }

    /**
     * {@link #remapOnSigio(Set)}; the holder unmaps its second mapping on the second SIGIO when
     * {@code reactsAgain}, else only 100 s after mapping it.
     */
    private static long[] remapOnSigio(Set<Repair> reverted, boolean reactsAgain) {
        WorldConfig config = WorldConfig.defaults();
        Fixture fx = Fixture.boot(config.withKernel(config.kernel().withReverted(reverted)));
        fx.world.kernel().sim().setSchedule(io.mapdirect.sim.Schedule.of(REMAP_BEFORE_THE_BREAKER_RUNS));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] truncatedAtNs = {-1};
        fx.start(p0, () -> {
            int fd = fx.createF(p0);
            long first = fx.map(p0, fd, 4, Fixture.DIRECT);
            assertThat(p0.awaitSignal(Signal.SIGIO, 10 * SEC)).isTrue();
            fx.world.mm().munmap(p0, first, 4 * Fixture.PAGE);
            long second = fx.map(p0, fd, 4, Fixture.DIRECT);
            if (reactsAgain) {
                p0.awaitSignal(Signal.SIGIO, 10 * SEC);
            } else {
                fx.sleepNs(100 * SEC);
            }
            fx.world.mm().munmap(p0, second, 4 * Fixture.PAGE);
        });
        fx.start(p1, () -> {
            fx.sleepNs(SEC);
            fx.world.files().truncate(p1, F, 0);
            truncatedAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        return new long[] {p0.count(Signal.SIGIO), truncatedAtNs[0]};
    }

    /**
     * {@code generic_setlease()}: {@code if (!S_ISREG(inode->i_mode)) return -EINVAL;} an fcntl lease on a
     * device-dax instance is EINVAL; only the layout leases of its {@code ->lease_direct} are accepted
     * there (repair DEVDAX_ACCEPTS_LAYOUT_LEASES), and removing a lease that is not there is
     * accepted as for a layout lease.
     */
    @Test
    void anFcntlLeaseOnADeviceDaxInstanceIsEinval() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withDevdax(java.util.List.of(new WorldConfig.DevDax("dax0", 4, 1000))));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.open(p0, "/dev/dax0", OpenFlags.O_RDONLY);
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_RDLCK)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(leases(fx).getLease(p0, fd)).isEqualTo(SysResult.value(FileLock.F_UNLCK));
        });
    }
}
