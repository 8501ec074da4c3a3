package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.PAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.kernel.TestFault;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.Simulation;
import io.mapdirect.sim.VirtualClock;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The filesystem object {@link Xfs} and its small reporting types: one mount per instance, its
 * superblock, the read view {@code contentVersion}, the allocator's failure injection at
 * {@code xfs_bmapi_write}, the log force of fsync ({@code xfs_log_force_inode}: durable, reported,
 * serialised on the one log), the crash-recovery report, and {@link BlockMapUpdate} /
 * {@link XfsEvents.BlockMapChanged} as the operations report them.
 */
class XfsMountEdgesTest {
    /** The model's instance is one filesystem on one device: a second mount of it is refused. */
    @Test
    void anInstanceMountsOnce() {
        Fixture fx = Fixture.boot();
        assertThatThrownBy(() -> fx.world.xfs().mount("/again", true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(World.XFS);
    }

    /** The superblock the instance reports is the one its inodes live on, at its mount point. */
    @Test
    void theSuperBlockIsTheMountedOne() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> fx.createF(p0));
        assertThat(fx.world.xfs().superBlock()).isSameAs(fx.inode(F).superBlock());
        assertThat(fx.world.xfs().superBlock().mountPoint()).isEqualTo(World.XFS);
    }

    /** contentVersion is what read() returns: the written version, 0 for a hole. */
    @Test
    void contentVersionIsWhatAReadReturns() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            fx.world.files().write(p0, fd, PAGE, PAGE, 3).valueOrThrow();
            fx.world.files().ftruncate(p0, fd, 6 * PAGE).valueOrThrow();
        });
        XfsInode ip = fx.xfs(F);
        assertThat(fx.world.xfs().contentVersion(ip, 0)).isEqualTo(1);
        assertThat(fx.world.xfs().contentVersion(ip, 1)).isEqualTo(3);
        assertThat(fx.world.xfs().contentVersion(ip, 5)).isZero();
    }

    /** An allocation failure in xfs_bmapi_write fails the allocating write (ENOSPC here) and maps nothing. */
    @Test
    void anInjectedAllocationFailureFailsTheWrite() {
        Fixture fx = Fixture.boot(Fixture.failingAllocation("w", 1));
        Process p0 = fx.owner("P0");
        SysResult[] rc = new SysResult[1];
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 0);
            p0.setFaultScope("w");
            rc[0] = fx.world.files().write(p0, fd, 0, PAGE, 2);
        });
        assertThat(rc[0]).isEqualTo(SysResult.err(Errno.ENOSPC));
        assertThat(fx.xfs(F).map().mappedBlockCount()).isZero();
    }

    /**
     * xfs_file_fsync() forces the log even when the size did not change: a write into a hole inside
     * EOF is an allocation, and after fsync it survives a crash. The commit is reported.
     */
    @Test
    void fsyncCommitsAnAllocationInsideEof() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 1);
            fx.world.files().ftruncate(p0, fd, 2 * PAGE).valueOrThrow();
            fx.world.files().fsync(p0, fd).valueOrThrow();
            fx.world.files().write(p0, fd, PAGE, PAGE, 4).valueOrThrow();
            fx.world.files().fsync(p0, fd).valueOrThrow();
        });
        long ino = fx.xfs(F).ino();
        assertThat(fx.world.kernel().events().ofType(XfsEvents.Committed.class))
                .contains(new XfsEvents.Committed(ino, "fsync"));
        fx.world.crash();
        assertThat(fx.xfs(F).map().lookup(1)).isNotNull();
        assertThat(fx.world.xfs().contentVersion(fx.xfs(F), 1)).isEqualTo(4);
    }

    private static long durableAfterCrash(WorldConfig config, long writeOffset) {
        Fixture fx = Fixture.boot(config);
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 1);
            fx.world.files().ftruncate(p0, fd, 2 * PAGE).valueOrThrow();
            fx.world.files().fsync(p0, fd).valueOrThrow();
            fx.world.files().write(p0, fd, writeOffset, PAGE, 4).valueOrThrow();
            fx.world.files().fsync(p0, fd).valueOrThrow();
        });
        fx.world.crash();
        return fx.world.xfs().contentVersion(fx.xfs(F), writeOffset / PAGE);
    }

    /**
     * Hand-break XFS_LOG_FORCE_SIZE_ONLY (test fault 13): the log force returns at once when the size
     * is what was last logged, so an allocation inside EOF is lost in a crash, while an fsync after an
     * extending write still commits. Without the hand-break both survive.
     */
    @Test
    void theSizeOnlyLogForceSkipsOnlyFsyncsThatChangedNoSize() {
        WorldConfig defaults = WorldConfig.defaults();
        WorldConfig sizeOnly = defaults.withKernel(defaults.kernel().withTestFaults(Set.of(TestFault.XFS_LOG_FORCE_SIZE_ONLY)));
        assertThat(durableAfterCrash(sizeOnly, PAGE)).as("inside EOF").isZero();
        assertThat(durableAfterCrash(sizeOnly, 2 * PAGE)).as("extending").isEqualTo(4);
        assertThat(durableAfterCrash(defaults, PAGE)).isEqualTo(4);
    }

    /**
     * The log force is serialised (xlog's locks): in the real-thread stress mode an fsync takes and
     * releases the scheduler lock around the commit, and the run completes.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fsyncCompletesInTheRealThreadMode() {
        Simulation sim = Simulation.threaded(1_000_000, 10 * VirtualClock.NS_PER_SEC, Duration.ofSeconds(30), 1);
        World world = World.boot(WorldConfig.defaults(), sim);
        Process p0 = world.process("P0", io.mapdirect.kernel.Creds.user(Fixture.OWNER));
        world.start(p0, () -> {
            int fd = (int) world.files().open(p0, F, io.mapdirect.fs.OpenFlags.O_RDWR | io.mapdirect.fs.OpenFlags.O_CREAT)
                    .valueOrThrow();
            world.files().write(p0, fd, 0, PAGE, 1).valueOrThrow();
            world.files().fsync(p0, fd).valueOrThrow();
            world.files().fsync(p0, fd).valueOrThrow();
        });
        RunResult run = world.run();
        assertThat(run.completed()).as(run.outcome().describe()).isTrue();
        assertThat(world.kernel().events().ofType(XfsEvents.Committed.class)).hasSize(2);
    }

    /** Recovery reports the mount point and how many inodes it walked. */
    @Test
    void recoveryReportsTheMountAndItsInodes() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            fx.createF(p0);
            fx.create(p0, Fixture.G, 0);
        });
        int inodes = fx.world.xfs().inodes().size();
        fx.world.crash();
        assertThat(fx.world.kernel().events().ofType(XfsEvents.Recovered.class))
                .containsExactly(new XfsEvents.Recovered(World.XFS, inodes));
    }

    /** An instance that was never mounted has no mount point to report: "-", and no inodes. */
    @Test
    void recoveryOfAnUnmountedInstanceReportsNoMountPoint() {
        Fixture fx = Fixture.boot();
        World w = fx.world;
        Xfs unmounted = new Xfs(w.kernel(), w.memory(), w.locks(), w.mapDirect(), w.leaseDirects(), w.pins(), 8);
        unmounted.crashAndRecover();
        assertThat(w.kernel().events().ofType(XfsEvents.Recovered.class))
                .containsExactly(new XfsEvents.Recovered("-", 0));
    }

    // ---------------------------------------------------------------- BlockMapUpdate, XfsEvents

    private static BlockMapChange allocation(long fileBlock, int pmemBlock) {
        return new BlockMapChange(fileBlock, null, BlockMapping.written(pmemBlock));
    }

    /** rc 0 is success; a negative rc is an error, whatever changes it kept. */
    @Test
    void anUpdateIsOkOnlyWithRcZero() {
        assertThat(new BlockMapUpdate(0, List.of()).isOk()).isTrue();
        assertThat(new BlockMapUpdate(Errno.ENOSPC.negative(), List.of(allocation(0, 3))).isOk()).isFalse();
        assertThat(BlockMapUpdate.error(Errno.EINVAL).isOk()).isFalse();
    }

    /** changed() is whether any block's mapping differs, errors included (changes kept before it). */
    @Test
    void anUpdateChangedTheMapOnlyWithChanges() {
        assertThat(new BlockMapUpdate(0, List.of()).changed()).isFalse();
        assertThat(BlockMapUpdate.error(Errno.ENOSPC).changed()).isFalse();
        assertThat(new BlockMapUpdate(Errno.ENOSPC.negative(), List.of(allocation(1, 4))).changed()).isTrue();
    }

    /** The block-map event names the inode, then the change. */
    @Test
    void aBlockMapChangedEventDescribesInodeAndChange() {
        BlockMapChange change = allocation(2, 7);
        assertThat(new XfsEvents.BlockMapChanged(12, change).describe()).isEqualTo("ino 12 " + change.describe());
    }
}
