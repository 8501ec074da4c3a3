package io.mapdirect.fs.mapdirect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.fs.xfs.XfsInode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Oops;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunOutcome;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.VirtualClock;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** scenario S1-S4 and S8: MAP_DIRECT alone [00] [04] [06]. */
class MapDirectScenarioTest {
    static final String F = "/xfs/f";
    static final long PAGE = 4096;
    static final int RW = MmapFlags.PROT_READ | MmapFlags.PROT_WRITE;
    static final int DIRECT = MmapFlags.MAP_SHARED_VALIDATE | MmapFlags.MAP_DIRECT;

    /** f: 4 blocks, all WRITTEN, durable, owned by P0 (uid 1000). Returns P0's fd. */
    static int createF(World world, Process p0) {
        int fd = (int) world.files().open(p0, F, OpenFlags.O_RDWR | OpenFlags.O_CREAT).valueOrThrow();
        world.files().write(p0, fd, 0, 4 * PAGE, 1);
        world.files().fsync(p0, fd);
        return fd;
    }

    static XfsInode inodeF(World world) {
        return (XfsInode) world.vfs().lookup(F);
    }

    @Test
    void s1MappedStoredFlushedCrashedSurvives() {
        World world = World.boot(WorldConfig.defaults());
        Process p0 = world.process("P0", Creds.user(1000));
        world.start(p0, () -> {
            int fd = createF(world, p0);
            long addr = world.mm().mmap(p0, 0, 4 * PAGE, RW, DIRECT, fd, 0).valueOrThrow();
            assertThat(inodeF(world).mapdcount()).isEqualTo(1);
            assertThat(inodeF(world).flctx().leasesSnapshot()).hasSize(1);
            assertThat(world.mm().store(p0, addr + 2 * PAGE, 77)).isEqualTo(SysResult.ok());
            assertThat(world.mm().flush(p0, addr + 2 * PAGE, PAGE)).isEqualTo(SysResult.ok());
            assertThat(world.mm().store(p0, addr + 3 * PAGE, 88)).isEqualTo(SysResult.ok());
        });
        assertThat(world.run().completed()).isTrue();
        world.crash();
        XfsInode f = inodeF(world);
        long block2 = f.map().lookup(2).pmemBlock();
        long block3 = f.map().lookup(3).pmemBlock();
        assertThat(world.memory().pmem().durableVersion((int) block2)).isEqualTo(77);
        assertThat(world.memory().pmem().durableVersion((int) block3)).isEqualTo(1); // not flushed
    }

    @Test
    void s1MunmapDropsLeaseAndMapdcount() {
        World world = World.boot(WorldConfig.defaults());
        Process p0 = world.process("P0", Creds.user(1000));
        world.start(p0, () -> {
            int fd = createF(world, p0);
            long addr = world.mm().mmap(p0, 0, 4 * PAGE, RW, DIRECT, fd, 0).valueOrThrow();
            world.mm().munmap(p0, addr, 4 * PAGE);
        });
        assertThat(world.run().completed()).isTrue();
        assertThat(inodeF(world).mapdcount()).isZero();
        assertThat(inodeF(world).flctx().leasesSnapshot()).isEmpty();
        assertThat(world.kernel().objects().live("map_direct_state")).isEmpty();
        // The lease goes through map_direct_lm_change(F_UNLCK): no WARN_ON in the kernel log.
        assertThat(world.kernel().log().warnings()).isZero();
    }

    @Test
    void s2CooperativeHolderLetsTheTruncateThroughAtMunmap() {
        World world = World.boot(WorldConfig.defaults());
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        long[] truncatedAt = {-1};
        world.start(p0, () -> {
            int fd = createF(world, p0);
            long addr = world.mm().mmap(p0, 0, 4 * PAGE, RW, DIRECT, fd, 0).valueOrThrow();
            world.sim().sleepNs(VirtualClock.NS_PER_SEC, null);
            assertThat(p0.count(Signal.SIGIO)).isEqualTo(1);
            assertThat(p0.signals().get(0).fd()).isEqualTo(fd);
            assertThat(inodeF(world).map().lookup(0)).isNotNull();
            world.mm().munmap(p0, addr, 4 * PAGE);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(1, null);
            assertThat(world.files().truncate(p1, F, 0)).isEqualTo(SysResult.ok());
            truncatedAt[0] = world.sim().nowNs();
        });
        RunResult run = world.run();
        assertThat(run.completed()).as(run.outcome().describe()).isTrue();
        assertThat(truncatedAt[0]).isEqualTo(VirtualClock.NS_PER_SEC);
        assertThat(p0.count(Signal.SIGBUS)).isZero();
        assertThat(world.kernel().objects().live("map_direct_state")).isEmpty();
    }

    @Test
    void s2WithTheSeedsInvalidationBugMunmapOopses() {
        World world = World.boot(WorldConfig.defaults().withKernel(
                WorldConfig.defaults().kernel().withBugs(Set.of(KnownBug.INVALIDATE_AFTER_VMA_CLOSE))));
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        world.start(p0, () -> {
            int fd = createF(world, p0);
            long addr = world.mm().mmap(p0, 0, 4 * PAGE, RW, DIRECT, fd, 0).valueOrThrow();
            world.sim().sleepNs(VirtualClock.NS_PER_SEC, null);
            world.mm().munmap(p0, addr, 4 * PAGE);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(1, null);
            world.files().truncate(p1, F, 0);
        });
        RunResult run = world.run();
        assertThat(run.outcome()).isInstanceOfSatisfying(RunOutcome.Crashed.class, crash ->
                assertThat(crash.error()).isInstanceOfSatisfying(Oops.class,
                        oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.NULL_DEREF)));
    }

    @Test
    void s3HolderIgnoringSigioIsInvalidatedAtLeaseBreakTime() {
        World world = World.boot(WorldConfig.defaults());
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        long[] addr = new long[1];
        long[] truncatedAt = {-1};
        world.start(p0, () -> {
            int fd = createF(world, p0);
            addr[0] = world.mm().mmap(p0, 0, 4 * PAGE, RW, DIRECT, fd, 0).valueOrThrow();
            assertThat(world.mm().load(p0, addr[0])).isEqualTo(SysResult.value(1));
            world.sim().sleepNs(44 * VirtualClock.NS_PER_SEC, null);
            assertThat(world.mm().load(p0, addr[0])).isEqualTo(SysResult.value(1));
            world.sim().sleepNs(2 * VirtualClock.NS_PER_SEC, null);
            assertThat(world.mm().load(p0, addr[0])).isEqualTo(SysResult.signal(Signal.SIGBUS));
            assertThat(world.mm().store(p0, addr[0] + PAGE, 5)).isEqualTo(SysResult.signal(Signal.SIGBUS));
        });
        world.start(p1, () -> {
            world.sim().sleepNs(1, null);
            assertThat(world.files().truncate(p1, F, 0)).isEqualTo(SysResult.ok());
            truncatedAt[0] = world.sim().nowNs();
        });
        RunResult run = world.run();
        assertThat(run.completed()).as(run.outcome().describe()).isTrue();
        assertThat(truncatedAt[0]).isEqualTo(1 + 45 * VirtualClock.NS_PER_SEC);
        assertThat(inodeF(world).mapdcount()).isZero();
        assertThat(p0.mm().pageTable().size()).isZero();
    }

    /** S4: lease-break-time set to 5 s before the break: invalidation and the truncate at t=5 s. */
    @Test
    void s4ShorterLeaseBreakTimeInvalidatesAtFiveSeconds() {
        assertThat(s4TruncateDoneAtNs(false)).isEqualTo(1 + 5 * VirtualClock.NS_PER_SEC);
    }

    /** S4: changing the sysctl while a break is pending does not move the timer already set. */
    @Test
    void s4ChangingLeaseBreakTimeDuringABreakKeepsItsTimer() {
        assertThat(s4TruncateDoneAtNs(true)).isEqualTo(1 + 5 * VirtualClock.NS_PER_SEC);
    }

    private static long s4TruncateDoneAtNs(boolean changeDuringBreak) {
        World world = World.boot(WorldConfig.defaults());
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        long[] truncatedAt = {-1};
        long[] invalidatedAt = {-1};
        world.start(p0, () -> {
            assertThat(world.leases().setLeaseBreakTime(5)).isEqualTo(SysResult.ok());
            int fd = createF(world, p0);
            long addr = world.mm().mmap(p0, 0, 4 * PAGE, RW, DIRECT, fd, 0).valueOrThrow();
            world.sim().sleepNs(VirtualClock.NS_PER_SEC, null);
            if (changeDuringBreak) {
                world.leases().setLeaseBreakTime(100);
            }
            while (world.mm().load(p0, addr).isOk()) {
                world.sim().sleepNs(VirtualClock.NS_PER_SEC / 10, null);
            }
            invalidatedAt[0] = world.sim().nowNs();
        });
        world.start(p1, () -> {
            world.sim().sleepNs(1, null);
            world.files().truncate(p1, F, 0);
            truncatedAt[0] = world.sim().nowNs();
        });
        RunResult run = world.run();
        assertThat(run.completed()).as(run.outcome().describe()).isTrue();
        assertThat(invalidatedAt[0]).isBetween(5 * VirtualClock.NS_PER_SEC, 6 * VirtualClock.NS_PER_SEC);
        return truncatedAt[0];
    }

    /**
     * S8: munmap of block 1 leaves two VMAs and the lease; the forked child's copies count too; the
     * lease goes only with the last VMA of all.
     */
    @Test
    void s8SplitAndForkKeepTheLeaseUntilTheLastVma() {
        World world = World.boot(WorldConfig.defaults());
        Process p0 = world.process("P0", Creds.user(1000));
        Process[] child = new Process[1];
        long[] addr = new long[1];
        world.start(p0, () -> {
            int fd = createF(world, p0);
            addr[0] = world.mm().mmap(p0, 0, 4 * PAGE, RW, DIRECT, fd, 0).valueOrThrow();
            assertThat(world.mm().munmap(p0, addr[0] + PAGE, PAGE)).isEqualTo(SysResult.ok());
            assertThat(p0.mm().vmas()).hasSize(2);
            assertThat(inodeF(world).flctx().leasesSnapshot()).hasSize(1);
            child[0] = world.proc().fork(p0, "C");
            assertThat(child[0].mm().vmas()).hasSize(2);
            world.mm().munmap(p0, addr[0], 4 * PAGE);
            assertThat(inodeF(world).flctx().leasesSnapshot()).hasSize(1);
            assertThat(inodeF(world).mapdcount()).isEqualTo(1);
        });
        assertThat(world.run().completed()).isTrue();
        world.start(child[0], () -> {
            assertThat(world.mm().store(child[0], addr[0] + 2 * PAGE, 9)).isEqualTo(SysResult.ok());
            world.mm().munmap(child[0], addr[0], PAGE);
            assertThat(inodeF(world).flctx().leasesSnapshot()).hasSize(1);
            world.proc().exit(child[0]);
        });
        assertThat(world.run().completed()).isTrue();
        assertThat(inodeF(world).flctx().leasesSnapshot()).isEmpty();
        assertThat(inodeF(world).mapdcount()).isZero();
        assertThat(world.kernel().objects().live("map_direct_state")).isEmpty();
    }
}
