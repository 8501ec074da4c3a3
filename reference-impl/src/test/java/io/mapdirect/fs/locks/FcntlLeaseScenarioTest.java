package io.mapdirect.fs.locks;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.VirtualClock;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import org.junit.jupiter.api.Test;

/** scenario S20: leases as fcntl knows them (LTP fcntl23-33, xfstests generic/571). */
class FcntlLeaseScenarioTest {
    private static final String F = "/xfs/f";

    @Test
    void readLeaseOnReadOnlyFdIsGrantedAndReported() {
        World world = World.boot(WorldConfig.defaults());
        Process p0 = world.process("P0", Creds.user(1000));
        SysResult[] results = new SysResult[4];
        world.start(p0, () -> {
            int fd = (int) world.files().open(p0, F, OpenFlags.O_RDONLY | OpenFlags.O_CREAT).valueOrThrow();
            results[0] = world.leases().setLease(p0, fd, FileLock.F_RDLCK);
            results[1] = world.leases().getLease(p0, fd);
            int rw = (int) world.files().open(p0, F, OpenFlags.O_RDWR).valueOrThrow();
            results[2] = world.leases().setLease(p0, rw, FileLock.F_RDLCK);
            results[3] = world.leases().setLease(p0, fd, FileLock.F_WRLCK);
        });
        assertThat(world.run().completed()).isTrue();
        assertThat(results[0]).isEqualTo(SysResult.ok());
        assertThat(results[1]).isEqualTo(SysResult.value(FileLock.F_RDLCK));
        // F_RDLCK on an fd with write access: EAGAIN; F_WRLCK with another fd open: EAGAIN.
        assertThat(results[2]).isEqualTo(SysResult.err(Errno.EAGAIN));
        assertThat(results[3]).isEqualTo(SysResult.err(Errno.EAGAIN));
    }

    @Test
    void nonBlockingWriterGetsEwouldblockWhileTheBreakStarts() {
        World world = World.boot(WorldConfig.defaults());
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        SysResult[] results = new SysResult[4];
        world.start(p0, () -> {
            int fd = (int) world.files().open(p0, F, OpenFlags.O_RDONLY | OpenFlags.O_CREAT).valueOrThrow();
            world.leases().setLease(p0, fd, FileLock.F_RDLCK);
            world.sim().sleepNs(VirtualClock.NS_PER_SEC, null);
            results[2] = world.leases().getLease(p0, fd);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(VirtualClock.NS_PER_MS, null);
            results[0] = world.files().open(p1, F, OpenFlags.O_RDONLY);
            results[1] = world.files().open(p1, F, OpenFlags.O_WRONLY | OpenFlags.O_NONBLOCK);
        });
        RunResult run = world.run();
        assertThat(run.completed()).as(run.outcome().describe()).isTrue();
        assertThat(results[0].isOk()).isTrue();
        assertThat(results[1]).isEqualTo(SysResult.err(Errno.EWOULDBLOCK));
        assertThat(p0.count(Signal.SIGIO)).isEqualTo(1);
        // F_GETLEASE during the break answers the target type.
        assertThat(results[2]).isEqualTo(SysResult.value(FileLock.F_UNLCK));
    }

    @Test
    void blockingWriterWaitsLeaseBreakTimeThenProceeds() {
        World world = World.boot(WorldConfig.defaults());
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        long[] openedAtNs = new long[1];
        world.start(p0, () -> {
            int fd = (int) world.files().open(p0, F, OpenFlags.O_RDONLY | OpenFlags.O_CREAT).valueOrThrow();
            world.leases().setLease(p0, fd, FileLock.F_RDLCK);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(VirtualClock.NS_PER_MS, null);
            assertThat(world.files().open(p1, F, OpenFlags.O_WRONLY).isOk()).isTrue();
            openedAtNs[0] = world.sim().nowNs();
        });
        assertThat(world.run().completed()).isTrue();
        assertThat(openedAtNs[0]).isEqualTo(VirtualClock.NS_PER_MS + 45 * VirtualClock.NS_PER_SEC);
    }

    @Test
    void holderUnlockLetsTheBreakerGoAtOnceAndInterruptGivesEintr() {
        World world = World.boot(WorldConfig.defaults());
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        Process p2 = world.process("P2", Creds.user(1000));
        long[] at = new long[2];
        SysResult[] results = new SysResult[2];
        world.start(p0, () -> {
            int fd = (int) world.files().open(p0, F, OpenFlags.O_RDONLY | OpenFlags.O_CREAT).valueOrThrow();
            world.leases().setLease(p0, fd, FileLock.F_RDLCK);
            world.sim().sleepNs(2 * VirtualClock.NS_PER_SEC, null);
            world.leases().setLease(p0, fd, FileLock.F_UNLCK);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(VirtualClock.NS_PER_MS, null);
            results[0] = world.files().open(p1, F, OpenFlags.O_WRONLY);
            at[0] = world.sim().nowNs();
        });
        world.start(p2, () -> {
            world.sim().sleepNs(VirtualClock.NS_PER_MS, null);
            results[1] = world.files().truncate(p2, F, 0);
            at[1] = world.sim().nowNs();
        });
        world.startKernelTask("env", () -> {
            world.sim().sleepNs(VirtualClock.NS_PER_SEC, null);
            p2.sendSignal(Signal.SIGINT, -1);
        });
        assertThat(world.run().completed()).isTrue();
        assertThat(results[0].isOk()).isTrue();
        assertThat(at[0]).isEqualTo(2 * VirtualClock.NS_PER_SEC);
        assertThat(results[1]).isEqualTo(SysResult.err(Errno.EINTR));
        assertThat(at[1]).isEqualTo(VirtualClock.NS_PER_SEC);
    }

    @Test
    void truncateBreaksTheCallersOwnLease() {
        World world = World.boot(WorldConfig.defaults());
        Process p0 = world.process("P0", Creds.user(1000));
        SysResult[] result = new SysResult[1];
        world.start(p0, () -> {
            int fd = (int) world.files().open(p0, F, OpenFlags.O_RDONLY | OpenFlags.O_CREAT).valueOrThrow();
            world.leases().setLease(p0, fd, FileLock.F_RDLCK);
            result[0] = world.files().truncate(p0, F, 0);
        });
        assertThat(world.run().completed()).isTrue();
        assertThat(result[0]).isEqualTo(SysResult.ok());
        assertThat(p0.count(Signal.SIGIO)).isEqualTo(1);
        assertThat(world.sim().nowNs()).isEqualTo(45 * VirtualClock.NS_PER_SEC);
    }
}
