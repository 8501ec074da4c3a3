package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.G;
import static io.mapdirect.world.Fixture.PAGE;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** scenario S5, S6 and S9: MAP_DIRECT against the XFS block map [03] [06] [26] [29] [36]. */
class XfsScenarioTest {
    private static final SysResult SIGBUS = SysResult.signal(Signal.SIGBUS);

    private static WorldConfig refuseAtMmap(WorldConfig config) {
        return config.withKernel(config.kernel().withPolicy(
                Policy.v8().withNonDaxMapDirect(Policy.NonDaxMapDirect.REFUSE_AT_MMAP)));
    }

    /** S5: stores that would allocate or convert get SIGBUS; blocks 0-1 work; the block map never changes. */
    @Test
    void s5FaultsThatWouldChangeTheBlockMapGetSigbus() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 2);
            fx.world.files().fallocate(p0, fd, 0, 3 * PAGE, PAGE).valueOrThrow();
            List<MappedBlock> before = fx.xfs(F).map().mappings();
            assertThat(before).extracting(MappedBlock::fileBlock).containsExactly(0L, 1L, 3L);
            long addr = fx.map(p0, fd, 4, Fixture.DIRECT);
            assertThat(fx.world.mm().store(p0, addr + 2 * PAGE, 5)).isEqualTo(SIGBUS);
            assertThat(fx.world.mm().store(p0, addr + 3 * PAGE, 5)).isEqualTo(SIGBUS);
            assertThat(fx.world.mm().load(p0, addr + 3 * PAGE)).isEqualTo(SysResult.value(0)); // reads are fine
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(1));
            assertThat(fx.world.mm().store(p0, addr + PAGE, 6)).isEqualTo(SysResult.ok());
            assertThat(fx.world.mm().load(p0, addr + PAGE)).isEqualTo(SysResult.value(6));
            assertThat(fx.xfs(F).map().mappings()).isEqualTo(before);
        });
        assertThat(p0.count(Signal.SIGBUS)).isEqualTo(2);
    }

    /** S6 as posted: a reflinked file maps with MAP_DIRECT, and every fault through it gets SIGBUS. */
    @Test
    void s6ReflinkedFileMapsButEveryFaultSigbuses() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.createF(p0);
            int g = fx.create(p0, G, 0);
            fx.world.files().ficlone(p0, g, f).valueOrThrow();
            long addr = fx.map(p0, f, 4, Fixture.DIRECT);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SIGBUS);
            assertThat(fx.world.mm().store(p0, addr + PAGE, 3)).isEqualTo(SIGBUS);
        });
        assertThat(fx.inode(F).mapdcount()).isEqualTo(1);
    }

    /** S6 with Dave Chinner's variant [26]: refused at mmap with EOPNOTSUPP. */
    @Test
    void s6ReflinkedFileRefusedAtMmapInTheVariant() {
        Fixture fx = Fixture.boot(refuseAtMmap(WorldConfig.defaults()));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.createF(p0);
            int g = fx.create(p0, G, 0);
            fx.world.files().ficlone(p0, g, f).valueOrThrow();
            assertThat(fx.world.mm().mmap(p0, 0, 4 * PAGE, Fixture.RW, Fixture.DIRECT, f, 0))
                    .isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
        });
        assertThat(fx.inode(F).mapdcount()).isZero();
        assertThat(fx.live("map_direct_state")).isZero();
    }

    /** S6 on a non-DAX mount: as posted the mmap succeeds and faults SIGBUS; the variant refuses. */
    @Test
    void s6NonDaxFileAsPostedAndInTheVariant() {
        Fixture posted = Fixture.boot(WorldConfig.defaults().withXfsDax(false));
        Process p0 = posted.owner("P0");
        posted.runAs(p0, () -> {
            long addr = posted.map(p0, posted.createF(p0), 4, Fixture.DIRECT);
            assertThat(posted.world.mm().load(p0, addr)).isEqualTo(SIGBUS);
        });
        Fixture variant = Fixture.boot(refuseAtMmap(WorldConfig.defaults().withXfsDax(false)));
        Process q0 = variant.owner("P0");
        variant.runAs(q0, () -> assertThat(variant.world.mm().mmap(q0, 0, 4 * PAGE, Fixture.RW, Fixture.DIRECT,
                variant.createF(q0), 0)).isEqualTo(SysResult.err(Errno.EOPNOTSUPP)));
    }

    /** S9 as posted (v7's i_mapdcount check, fault ALLOC_FAULT_NO_BREAK): P2's allocating store gets SIGBUS. */
    @Test
    void s9AsPostedTheAllocatingFaultGetsSigbus() {
        Fixture fx = Fixture.boot(Fixture.withBugs(KnownBug.ALLOC_FAULT_NO_BREAK));
        Process p0 = fx.owner("P0");
        Process p2 = fx.other("P2");
        long[] addr = new long[1];
        fx.runAs(p0, () -> s9Setup(fx, p0));
        fx.runAs(p2, () -> {
            addr[0] = fx.map(p2, fx.open(p2, F, OpenFlags.O_RDWR), 4, Fixture.SHARED);
            assertThat(fx.world.mm().store(p2, addr[0] + 3 * PAGE, 9)).isEqualTo(SIGBUS);
        });
        assertThat(fx.xfs(F).map().lookup(3)).isNull();
        assertThat(p0.count(Signal.SIGIO)).isZero();
    }

    /** S9 fixed, cooperative holder: P2's fault breaks the lease, waits, and allocates once the mapping is gone. */
    @Test
    void s9FixedTheFaultWaitsForTheHolderToUnmap() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p2 = fx.other("P2");
        long[] storedAtNs = {-1};
        fx.start(p0, () -> {
            long addr = s9Setup(fx, p0);
            assertThat(p0.awaitSignal(Signal.SIGIO, 10 * SEC)).isTrue();
            fx.sleepNs(SEC);
            assertThat(fx.xfs(F).map().lookup(3)).isNull(); // nothing allocated while mapped
            fx.world.mm().munmap(p0, addr, 4 * PAGE);
        });
        fx.start(p2, () -> {
            fx.sleepNs(1);
            long addr = fx.map(p2, fx.open(p2, F, OpenFlags.O_RDWR), 4, Fixture.SHARED);
            assertThat(fx.world.mm().store(p2, addr + 3 * PAGE, 9)).isEqualTo(SysResult.ok());
            storedAtNs[0] = fx.nowNs();
            assertThat(fx.world.mm().load(p2, addr + 3 * PAGE)).isEqualTo(SysResult.value(9));
        });
        fx.runCompleted();
        assertThat(storedAtNs[0]).isEqualTo(1 + SEC);
        assertThat(fx.xfs(F).map().lookup(3)).isNotNull();
        assertThat(p0.count(Signal.SIGBUS)).isZero();
        assertThat(p2.count(Signal.SIGBUS)).isZero();
    }

    /** S9 fixed, holder ignoring SIGIO: the fault completes at lease-break-time, the holder then gets SIGBUS. */
    @Test
    void s9FixedTheFaultWaitsLeaseBreakTimeWhenTheHolderIgnoresSigio() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p2 = fx.other("P2");
        long[] storedAtNs = {-1};
        fx.start(p0, () -> {
            long addr = s9Setup(fx, p0);
            fx.sleepNs(60 * SEC);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SIGBUS);
        });
        fx.start(p2, () -> {
            fx.sleepNs(1);
            long addr = fx.map(p2, fx.open(p2, F, OpenFlags.O_RDWR), 4, Fixture.SHARED);
            fx.world.mm().store(p2, addr + 3 * PAGE, 9);
            storedAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(storedAtNs[0]).isEqualTo(1 + 45 * SEC);
        assertThat(fx.inode(F).mapdcount()).isZero();
    }

    /** S9's f: 4 blocks long with a hole at block 3, mapped MAP_DIRECT by P0. Returns the address. */
    private static long s9Setup(Fixture fx, Process p0) {
        int fd = fx.create(p0, F, 3);
        fx.world.files().ftruncate(p0, fd, 4 * PAGE).valueOrThrow();
        fx.world.files().fsync(p0, fd);
        return fx.map(p0, fd, 4, Fixture.DIRECT);
    }
}
