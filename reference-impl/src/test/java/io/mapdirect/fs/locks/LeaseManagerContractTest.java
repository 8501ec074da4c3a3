package io.mapdirect.fs.locks;

import static io.mapdirect.fs.locks.LeaseStateMachineTest.RDONLY_CREAT;
import static io.mapdirect.fs.locks.LeaseStateMachineTest.leases;
import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.File;
import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.LeaseManagerOperations;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.world.Fixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lease core's side of {@code struct lock_manager_operations} and of its own entry points, called
 * with what the kernel's functions accept even where no lease manager of the 2017 designs passes it:
 * an {@code lm_break()} that asks for its lease to be deleted at once (4.14's {@code __break_lease}:
 * {@code if (fl->fl_lmops->lm_break(fl)) locks_delete_lock_ctx(fl, &dispose);}), an
 * {@code lm_change()} that refuses (nfsd's delegation callback answers -EAGAIN), two leases of one
 * owner on two open files of one inode, {@code lease_modify()} with a type it does not know. The
 * model mirrors each of these checks line by line, so each gets a test (docs/mutation.md, "Survivors
 * of fs.locks": the mutants PIT had left on them). The trace's lease events, which reports draw, are
 * pinned too.
 */
class LeaseManagerContractTest {

    /** A lease manager whose answers the test chooses; it changes leases through the lease core's {@code lease_modify()}. */
    private static final class ScriptedLeaseManager implements LeaseManagerOperations {
        private final Locks locks;
        private final int deleteFromBreak;
        private final int changeError;
        int setups;
        int breaks;

        ScriptedLeaseManager(Locks locks, boolean deleteOnBreak, int changeError) {
            this(locks, deleteOnBreak ? 1 : Integer.MAX_VALUE, changeError);
        }

        /** {@code lm_break()} answers true from its {@code deleteFromBreak}-th call on. */
        ScriptedLeaseManager(Locks locks, int deleteFromBreak, int changeError) {
            this.locks = locks;
            this.deleteFromBreak = deleteFromBreak;
            this.changeError = changeError;
        }

        @Override
        public boolean lmBreak(FileLock lease) {
            breaks++;
            return breaks >= deleteFromBreak;
        }

        @Override
        public int lmChange(FileLock lease, int arg, List<FileLock> dispose) {
            return changeError != 0 ? changeError : locks.leaseModify(lease, arg, dispose);
        }

        @Override
        public void lmSetup(FileLock lease, Object[] priv) {
            setups++;
        }

        @Override
        public String name() {
            return "scripted";
        }
    }

    private static Locks locks(Fixture fx) {
        return fx.world.locks();
    }

    private static File file(Process p, int fd) {
        return p.files().get(fd);
    }

    /** vfs_setlease() of a fresh lease of {@code ops} owned by {@code owner}; the error and whether the lease was inserted. */
    private static int setLease(Fixture fx, Process p, File filp, int flags, int type, Object owner, LeaseManagerOperations ops) {
        FileLock fl = new FileLock(fx.world.kernel());
        fl.init(flags, type, owner, filp, ops, p.pid());
        return locks(fx).vfsSetlease(filp, type, new FileLock[] {fl}, new Object[] {owner});
    }

    private static int unlock(Fixture fx, File filp, Object owner) {
        return locks(fx).vfsSetlease(filp, FileLock.F_UNLCK, new FileLock[1], new Object[] {owner});
    }

    /** {@code lease_modify()} answers -EINVAL for a type other than F_RDLCK, F_WRLCK, F_UNLCK and leaves the lease as it was. */
    @Test
    void leaseModifyRefusesAnUnknownType() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.open(p0, F, RDONLY_CREAT);
            leases(fx).setLease(p0, fd, FileLock.F_RDLCK);
            FileLock fl = fx.inode(F).flctx().leasesSnapshot().get(0);
            assertThat(fl.lmops().name()).isEqualTo("lease_manager_ops"); // fs/locks.c's ops of an fcntl lease
            List<FileLock> dispose = new ArrayList<>();
            assertThat(locks(fx).leaseModify(fl, 99, dispose)).isEqualTo(Errno.EINVAL.negative());
            assertThat(fl.lmops().lmChange(fl, 4, dispose)).isEqualTo(Errno.EINVAL.negative());
            assertThat(dispose).isEmpty();
            assertThat(fl.type()).isEqualTo(FileLock.F_RDLCK);
            assertThat(fx.inode(F).flctx().leasesSnapshot()).containsExactly(fl);
            assertThat(leases(fx).getLease(p0, fd)).isEqualTo(SysResult.value(FileLock.F_RDLCK));
        });
    }

    /** {@code locks_dispose_list()} frees every lease of the list once and leaves the list empty, so a second call frees nothing. */
    @Test
    void disposeListFreesEachLeaseOnceAndEmptiesTheList() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.open(p0, F, RDONLY_CREAT);
            leases(fx).setLease(p0, fd, FileLock.F_RDLCK);
            FileLock fl = fx.inode(F).flctx().leasesSnapshot().get(0);
            List<FileLock> dispose = new ArrayList<>();
            fx.inode(F).flctx().leases().remove(fl);
            dispose.add(fl);
            int before = fx.live("file_lock");
            locks(fx).disposeList(dispose);
            assertThat(dispose).isEmpty();
            assertThat(fx.live("file_lock")).isEqualTo(before - 1);
            locks(fx).disposeList(dispose); // a second free of the lease would oops (BAD_FREE) and end the run
            assertThat(fx.live("file_lock")).isEqualTo(before - 1);
        });
    }

    /**
     * An {@code lm_break()} that returns true has its lease deleted by the breaker itself, so a write open
     * that breaks it returns at once: no wait, no lease left, the removal named "lm_break" in the trace.
     */
    @Test
    void aLeaseWhoseLmBreakAsksForDeletionIsDeletedByTheBreaker() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        ScriptedLeaseManager ops = new ScriptedLeaseManager(locks(fx), true, 0);
        Object owner = new Object();
        long[] openedAtNs = {-1};
        fx.runAs(p0, () -> {
            int fd = fx.open(p0, F, RDONLY_CREAT);
            assertThat(setLease(fx, p0, file(p0, fd), 0, FileLock.F_RDLCK, owner, ops)).isZero();
        });
        fx.runAs(p1, () -> {
            long t0 = fx.nowNs();
            fx.open(p1, F, OpenFlags.O_RDWR);
            openedAtNs[0] = fx.nowNs() - t0;
        });
        assertThat(ops.breaks).isEqualTo(1);
        assertThat(openedAtNs[0]).isZero();
        assertThat(fx.inode(F).flctx().leasesSnapshot()).isEmpty();
        assertThat(fx.world.kernel().events().ofType(LeaseEvents.LeaseRemoved.class))
                .extracting(LeaseEvents.LeaseRemoved::why).containsExactly("lm_break");
        assertThat(fx.world.kernel().events().ofType(LeaseEvents.BreakerBlocked.class)).isEmpty();
    }

    /**
     * A breaker woken because the lease it slept on went away starts its breaks again on the leases now
     * there; if the only one left is deleted by its own {@code lm_break()}, the breaker returns then and
     * says so in the trace (BreakerDone, 0), instead of sleeping on a lease that no longer exists.
     */
    @Test
    void aBreakerReturnsWhenTheRestartDeletesTheLastConflictingLease() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        ScriptedLeaseManager keeps = new ScriptedLeaseManager(locks(fx), false, 0);
        ScriptedLeaseManager deletes = new ScriptedLeaseManager(locks(fx), true, 0);
        Object first = new Object();
        Object second = new Object();
        long[] truncatedAtNs = {-1};
        fx.runAs(p0, () -> fx.createF(p0));
        fx.start(p0, () -> {
            int fd = fx.open(p0, F, OpenFlags.O_RDONLY);
            assertThat(setLease(fx, p0, file(p0, fd), FileLock.FL_LAYOUT, FileLock.F_RDLCK, first, keeps)).isZero();
            fx.sleepNs(2 * SEC);
            assertThat(unlock(fx, file(p0, fd), first)).isZero();
            assertThat(setLease(fx, p0, file(p0, fd), FileLock.FL_LAYOUT, FileLock.F_RDLCK, second, deletes)).isZero();
        });
        fx.start(p1, () -> {
            fx.sleepNs(SEC);
            assertThat(fx.world.files().truncate(p1, F, 0)).isEqualTo(SysResult.ok());
            truncatedAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(keeps.breaks).isEqualTo(1);
        assertThat(deletes.breaks).isEqualTo(1);
        assertThat(truncatedAtNs[0]).isEqualTo(2 * SEC);
        assertThat(fx.inode(F).flctx().leasesSnapshot()).isEmpty();
        assertThat(fx.world.kernel().events().ofType(LeaseEvents.BreakerDone.class))
                .extracting(LeaseEvents.BreakerDone::rc).containsExactly(0);
    }

    /**
     * {@code generic_add_lease()} on the caller's own lease returns what {@code lm_change()} returns, and
     * calls {@code lm_setup()} only when the change succeeded; {@code generic_delete_lease()} returns
     * {@code lm_change()}'s error too, and the lease stays.
     */
    @Test
    void aRefusedLmChangeIsReturnedAndSkipsTheSetup() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        ScriptedLeaseManager refuses = new ScriptedLeaseManager(locks(fx), false, Errno.EAGAIN.negative());
        Object owner = new Object();
        fx.runAs(p0, () -> {
            File filp = file(p0, fx.open(p0, F, RDONLY_CREAT));
            assertThat(setLease(fx, p0, filp, 0, FileLock.F_RDLCK, owner, refuses)).isZero();
            assertThat(refuses.setups).isEqualTo(1);
            assertThat(setLease(fx, p0, filp, 0, FileLock.F_RDLCK, owner, refuses)).isEqualTo(Errno.EAGAIN.negative());
            assertThat(refuses.setups).isEqualTo(1);
            assertThat(unlock(fx, filp, owner)).isEqualTo(Errno.EAGAIN.negative());
            assertThat(fx.inode(F).flctx().leasesSnapshot()).hasSize(1);
        });
    }

    /**
     * A lease is the caller's own only when both its file and its owner match: one owner's lease on
     * another open file of the same inode is a different lease, neither changed by a second setlease
     * nor removed by an unlock through this file (-EAGAIN: no lease of ours here).
     */
    @Test
    void oneOwnersLeasesOnTwoOpenFilesAreTwoLeases() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        ScriptedLeaseManager ops = new ScriptedLeaseManager(locks(fx), false, 0);
        Object owner = new Object();
        fx.runAs(p0, () -> {
            File a = file(p0, fx.open(p0, F, RDONLY_CREAT));
            File b = file(p0, fx.open(p0, F, OpenFlags.O_RDONLY));
            assertThat(setLease(fx, p0, a, 0, FileLock.F_RDLCK, owner, ops)).isZero();
            assertThat(unlock(fx, b, owner)).isEqualTo(Errno.EAGAIN.negative());
            assertThat(setLease(fx, p0, b, 0, FileLock.F_RDLCK, owner, ops)).isZero();
            assertThat(fx.inode(F).flctx().leasesSnapshot()).extracting(FileLock::file).containsExactly(a, b);
            assertThat(ops.setups).isEqualTo(2);
        });
    }

    /**
     * The trace of a break: each lease break names what is pending ("downgrade" for a reader's break of a
     * write lease, "unlock" for a writer's), the lease records when its break started, and a downgrade
     * is a LeaseChanged to F_RDLCK.
     */
    @Test
    void theTraceNamesEachBreaksPendingChangeAndTheDowngrade() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        Process p2 = fx.owner("P2");
        long[] breakStartedNs = {-1};
        fx.start(p0, () -> {
            int fd = fx.open(p0, F, RDONLY_CREAT);
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_WRLCK)).isEqualTo(SysResult.ok());
            fx.sleepNs(2 * SEC);
            breakStartedNs[0] = fx.inode(F).flctx().leasesSnapshot().get(0).breakStartedNs();
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_RDLCK)).isEqualTo(SysResult.ok());
            fx.sleepNs(2 * SEC);
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_UNLCK)).isEqualTo(SysResult.ok());
        });
        fx.start(p1, () -> {
            fx.sleepNs(SEC);
            fx.open(p1, F, OpenFlags.O_RDONLY);
        });
        fx.start(p2, () -> {
            fx.sleepNs(3 * SEC);
            fx.open(p2, F, OpenFlags.O_RDWR);
        });
        fx.runCompleted();
        assertThat(breakStartedNs[0]).isEqualTo(SEC);
        assertThat(fx.world.kernel().events().ofType(LeaseEvents.LeaseBreakStarted.class))
                .extracting(LeaseEvents.LeaseBreakStarted::pending).containsExactly("downgrade", "unlock");
        assertThat(fx.world.kernel().events().ofType(LeaseEvents.LeaseChanged.class))
                .extracting(LeaseEvents.LeaseChanged::type).containsExactly(FileLock.typeName(FileLock.F_RDLCK));
    }

    /**
     * Any change of the lease a breaker sleeps on wakes it ({@code lease_modify()} → {@code locks_wake_up_blocks()}),
     * not only its removal: the holder setting its layout lease again while a truncate waits for it wakes the
     * truncate, which finds the conflict still there and blocks again (two BreakerBlocked in the trace), and
     * returns when the lease is unlocked.
     */
    @Test
    void aChangeOfTheBlockingLeaseWakesTheBreakerWhichBlocksAgain() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        ScriptedLeaseManager ops = new ScriptedLeaseManager(locks(fx), false, 0);
        Object owner = new Object();
        long[] truncatedAtNs = {-1};
        fx.runAs(p0, () -> fx.createF(p0));
        fx.start(p0, () -> {
            File filp = file(p0, fx.open(p0, F, OpenFlags.O_RDONLY));
            assertThat(setLease(fx, p0, filp, FileLock.FL_LAYOUT, FileLock.F_RDLCK, owner, ops)).isZero();
            fx.sleepNs(2 * SEC);
            assertThat(setLease(fx, p0, filp, FileLock.FL_LAYOUT, FileLock.F_RDLCK, owner, ops)).isZero();
            fx.sleepNs(SEC);
            assertThat(unlock(fx, filp, owner)).isZero();
        });
        fx.start(p1, () -> {
            fx.sleepNs(SEC);
            assertThat(fx.world.files().truncate(p1, F, 0)).isEqualTo(SysResult.ok());
            truncatedAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(truncatedAtNs[0]).isEqualTo(3 * SEC);
        assertThat(fx.world.kernel().events().ofType(LeaseEvents.BreakerBlocked.class)).hasSize(2);
    }

    /**
     * {@code __break_lease} frees the leases it deleted ({@code locks_dispose_list()}) before it sleeps: a lease
     * whose {@code lm_break()} asked for deletion is gone while the breaker still waits for another one.
     */
    @Test
    void leasesDeletedByTheBreakAreFreedBeforeTheBreakerSleeps() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        ScriptedLeaseManager keeps = new ScriptedLeaseManager(locks(fx), false, 0);
        ScriptedLeaseManager deletes = new ScriptedLeaseManager(locks(fx), true, 0);
        Object kept = new Object();
        Object deleted = new Object();
        int[] live = {-1, -1};
        long[] openedAtNs = {-1};
        fx.start(p0, () -> {
            File filp = file(p0, fx.open(p0, F, RDONLY_CREAT));
            assertThat(setLease(fx, p0, filp, 0, FileLock.F_RDLCK, kept, keeps)).isZero();
            assertThat(setLease(fx, p0, filp, 0, FileLock.F_RDLCK, deleted, deletes)).isZero();
            live[0] = fx.live("file_lock");
            fx.sleepNs(2 * SEC);
            live[1] = fx.live("file_lock");
            assertThat(unlock(fx, filp, kept)).isZero();
        });
        fx.start(p1, () -> {
            fx.sleepNs(SEC);
            fx.open(p1, F, OpenFlags.O_RDWR);
            openedAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(deletes.breaks).isEqualTo(1);
        assertThat(openedAtNs[0]).isEqualTo(2 * SEC);
        assertThat(live[1]).isEqualTo(live[0] - 1);
    }

    /**
     * A lease deleted by a breaker because its {@code lm_break()} asked for it ({@code locks_delete_lock_ctx()},
     * which wakes the lease's blocked breakers) lets the breakers that slept on it go at once: here a reader
     * waits for a write lease to be downgraded, and a writer's break makes its lease manager give it up.
     */
    @Test
    void aLeaseDeletedByAnotherBreakWakesTheBreakersSleepingOnIt() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        Process p2 = fx.owner("P2");
        ScriptedLeaseManager givesUpOnSecondBreak = new ScriptedLeaseManager(locks(fx), 2, 0);
        Object owner = new Object();
        long[] returnedAtNs = {-1, -1};
        fx.runAs(p0, () -> {
            File filp = file(p0, fx.open(p0, F, RDONLY_CREAT));
            assertThat(setLease(fx, p0, filp, 0, FileLock.F_WRLCK, owner, givesUpOnSecondBreak)).isZero();
        });
        fx.start(p1, () -> {
            fx.sleepNs(SEC);
            fx.open(p1, F, OpenFlags.O_RDONLY);
            returnedAtNs[0] = fx.nowNs();
        });
        fx.start(p2, () -> {
            fx.sleepNs(2 * SEC);
            fx.open(p2, F, OpenFlags.O_RDWR);
            returnedAtNs[1] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(givesUpOnSecondBreak.breaks).isEqualTo(2);
        assertThat(returnedAtNs).containsExactly(2 * SEC, 2 * SEC);
        assertThat(fx.inode(F).flctx().leasesSnapshot()).isEmpty();
    }

    /**
     * Unlocking an fcntl lease clears the file's SIGIO owner ({@code lease_modify()}: {@code f_delown(filp)}), with
     * the repair DELOWN_FCNTL_UNLOCK_ONLY on as with it off: the repair spares layout leases only.
     */
    @Test
    void unlockingAnFcntlLeaseClearsTheFilesOwner() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.open(p0, F, RDONLY_CREAT);
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_RDLCK)).isEqualTo(SysResult.ok());
            assertThat(file(p0, fd).owner()).isNotNull();
            assertThat(leases(fx).setLease(p0, fd, FileLock.F_UNLCK)).isEqualTo(SysResult.ok());
            assertThat(file(p0, fd).owner()).isNull();
        });
    }
}
