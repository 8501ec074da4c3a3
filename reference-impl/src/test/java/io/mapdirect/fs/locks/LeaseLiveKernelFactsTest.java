package io.mapdirect.fs.locks;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.VirtualClock;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the live kernel (6.18, {@code properties/.../live/LeaseLiveKernelProperties}) taught the lease
 * model, one fact per test; each failed on the model before its fix. "Parent" and "child" are open
 * file descriptions of one process, as the live test has them.
 */
class LeaseLiveKernelFactsTest {
    private static final String F = "/xfs/f";
    private static final long MS = VirtualClock.NS_PER_MS;
    private static final long SEC = VirtualClock.NS_PER_SEC;

    private final World world = World.boot(WorldConfig.defaults());
    private final Process p = world.process("P", Creds.user(1000));

    private int open(int flags) {
        return (int) world.files().open(p, F, flags | OpenFlags.O_CREAT).valueOrThrow();
    }

    private void startBreaker(Runnable call) {
        world.start(p, () -> {
            world.sim().sleepNs(MS, null);
            call.run();
        });
    }

    private void run() {
        RunResult run = world.run();
        assertThat(run.completed()).as(run.outcome().describe()).isTrue();
    }

    @Test
    @DisplayName("do_dentry_open counts a writer before its lease break: the holder cannot renew or upgrade while it sleeps")
    void sleepingWriterOpenCountsAsAWriter() {
        SysResult[] results = new SysResult[3];
        world.start(p, () -> {
            int fd = open(OpenFlags.O_RDONLY);
            results[0] = world.leases().setLease(p, fd, FileLock.F_RDLCK);
            world.sim().sleepNs(2 * MS, null);
            results[1] = world.leases().setLease(p, fd, FileLock.F_RDLCK);
            results[2] = world.leases().setLease(p, fd, FileLock.F_WRLCK);
        });
        startBreaker(() -> world.files().open(p, F, OpenFlags.O_WRONLY));
        run();
        assertThat(results[0]).isEqualTo(SysResult.ok());
        assertThat(results[1]).as("renewal while a writer's open sleeps").isEqualTo(SysResult.err(Errno.EAGAIN));
        assertThat(results[2]).as("upgrade while a writer's open sleeps").isEqualTo(SysResult.err(Errno.EAGAIN));
    }

    @Test
    @DisplayName("vfs_truncate holds write access around its break: the holder cannot renew while it sleeps")
    void sleepingTruncateHoldsWriteAccess() {
        SysResult[] results = new SysResult[2];
        world.start(p, () -> {
            int fd = open(OpenFlags.O_RDONLY);
            world.leases().setLease(p, fd, FileLock.F_RDLCK);
            world.sim().sleepNs(2 * MS, null);
            results[0] = world.leases().setLease(p, fd, FileLock.F_RDLCK);
        });
        startBreaker(() -> results[1] = world.files().truncate(p, F, 0));
        run();
        assertThat(results[0]).as("renewal while a truncate sleeps").isEqualTo(SysResult.err(Errno.EAGAIN));
        assertThat(results[1]).isEqualTo(SysResult.ok());
        assertThat(world.vfs().lookup(F).writecount()).as("write access given back").isZero();
    }

    @Test
    @DisplayName("a write lease counts reader and writer counts: an O_RDONLY holder may take it when alone")
    void writeLeaseChecksCounts() {
        SysResult[] results = new SysResult[3];
        world.start(p, () -> {
            int rd = open(OpenFlags.O_RDONLY);
            results[0] = world.leases().setLease(p, rd, FileLock.F_WRLCK);
            world.leases().setLease(p, rd, FileLock.F_UNLCK);
            int rw = open(OpenFlags.O_RDWR);
            results[1] = world.leases().setLease(p, rd, FileLock.F_WRLCK);
            world.files().close(p, rd);
            results[2] = world.leases().setLease(p, rw, FileLock.F_WRLCK);
        });
        run();
        assertThat(results[0]).isEqualTo(SysResult.ok());
        assertThat(results[1]).isEqualTo(SysResult.err(Errno.EAGAIN));
        assertThat(results[2]).isEqualTo(SysResult.ok());
        assertThat(world.vfs().lookup(F).readcount()).isZero();
    }

    @Test
    @DisplayName("any change to a lease wakes its breakers: a reader returns as soon as the write lease is downgraded")
    void downgradeWakesTheReader() {
        long[] returnedAtNs = new long[1];
        SysResult[] results = new SysResult[2];
        world.start(p, () -> {
            int fd = open(OpenFlags.O_RDONLY);
            world.leases().setLease(p, fd, FileLock.F_WRLCK);
            world.sim().sleepNs(SEC, null);
            results[0] = world.leases().setLease(p, fd, FileLock.F_RDLCK);
        });
        startBreaker(() -> {
            results[1] = world.files().open(p, F, OpenFlags.O_RDONLY);
            returnedAtNs[0] = world.sim().nowNs();
        });
        run();
        assertThat(results[0]).isEqualTo(SysResult.ok());
        assertThat(results[1].isOk()).isTrue();
        assertThat(returnedAtNs[0]).as("the reader returns with the downgrade, not at lease-break-time").isEqualTo(SEC);
    }

    @Test
    @DisplayName("a reader sleeping on a write lease nobody downgrades returns when the downgrade times out")
    void readerReturnsWhenTheDowngradeTimesOut() {
        long[] returnedAtNs = new long[1];
        SysResult[] results = new SysResult[2];
        int[] holder = new int[1];
        world.start(p, () -> {
            holder[0] = open(OpenFlags.O_RDONLY);
            world.leases().setLease(p, holder[0], FileLock.F_WRLCK);
        });
        startBreaker(() -> {
            results[0] = world.files().open(p, F, OpenFlags.O_RDONLY);
            returnedAtNs[0] = world.sim().nowNs();
            results[1] = world.leases().getLease(p, holder[0]);
        });
        run();
        assertThat(results[0].isOk()).isTrue();
        assertThat(returnedAtNs[0]).isEqualTo(MS + 45 * SEC);
        assertThat(results[1]).as("the lease was downgraded, not removed").isEqualTo(SysResult.value(FileLock.F_RDLCK));
    }
}
