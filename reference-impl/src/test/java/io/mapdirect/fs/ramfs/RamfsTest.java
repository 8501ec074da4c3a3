package io.mapdirect.fs.ramfs;

import static io.mapdirect.world.Fixture.PAGE;
import static io.mapdirect.world.Fixture.PLAIN_F;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.proc.Process;
import io.mapdirect.syscalls.FileCalls;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import org.junit.jupiter.api.Test;

/**
 * The plain filesystem (spec §2.3/2.5, S7, S13): a tmpfs-like page cache with a size limit of half
 * of DRAM, no DAX, no validate hook, no reflink.
 */
class RamfsTest {
    private static RamfsInode inode(Fixture fx) {
        return (RamfsInode) fx.inode(PLAIN_F);
    }

    @Test
    void readWriteFallocatePunchAndTruncate() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, PLAIN_F, 3);
            FileCalls files = fx.world.files();
            assertThat(files.read(p0, fd, 2 * PAGE)).isEqualTo(SysResult.value(1));
            assertThat(files.read(p0, fd, 3 * PAGE)).isEqualTo(SysResult.value(0));
            assertThat(files.fallocate(p0, fd, FileCalls.FALLOC_FL_KEEP_SIZE, 3 * PAGE, 2 * PAGE))
                    .isEqualTo(SysResult.ok());
            assertThat(inode(fx).sizeBytes()).isEqualTo(3 * PAGE);
            assertThat(inode(fx).cachedPages()).isEqualTo(5);
            assertThat(files.fallocate(p0, fd, 0, 5 * PAGE, PAGE)).isEqualTo(SysResult.ok());
            assertThat(inode(fx).sizeBytes()).isEqualTo(6 * PAGE);
            assertThat(files.fallocate(p0, fd, FileCalls.FALLOC_FL_PUNCH_HOLE | FileCalls.FALLOC_FL_KEEP_SIZE, 0, PAGE))
                    .isEqualTo(SysResult.ok());
            assertThat(files.read(p0, fd, 0)).isEqualTo(SysResult.value(0));
            assertThat(inode(fx).pfnAt(0)).isEqualTo(-1);
            assertThat(files.ftruncate(p0, fd, PAGE + 1)).isEqualTo(SysResult.ok());
            assertThat(inode(fx).cachedPages()).isEqualTo(1);
            assertThat(files.ftruncate(p0, fd, 4 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(files.fsync(p0, fd)).isEqualTo(SysResult.ok());
        });
        assertThat(fx.world.ramfs().usedPages()).isEqualTo(1);
    }

    /** tmpfs's size limit (half of DRAM here): writes, fallocate and faults beyond it fail. */
    @Test
    void sizeLimitGivesEnospcAndSigbus() {
        WorldConfig config = new WorldConfig(WorldConfig.defaults().kernel(), true, java.util.List.of(), 8,
                java.util.List.of(), 2_000_000L, 3_600_000_000_000L, WorldConfig.defaults().rdma());
        Fixture fx = Fixture.boot(config);
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, PLAIN_F, 0);
            FileCalls files = fx.world.files();
            assertThat(files.write(p0, fd, 0, 6 * PAGE, 2)).isEqualTo(SysResult.value(4 * PAGE));
            assertThat(files.fallocate(p0, fd, 0, 4 * PAGE, PAGE)).isEqualTo(SysResult.err(Errno.ENOSPC));
            files.ftruncate(p0, fd, 8 * PAGE).valueOrThrow();
            long addr = fx.map(p0, fd, 8, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr + 3 * PAGE)).isEqualTo(SysResult.value(2));
            assertThat(fx.world.mm().load(p0, addr + 5 * PAGE)).isEqualTo(SysResult.signal(Signal.SIGBUS));
        });
        assertThat(fx.world.ramfs().usedPages()).isEqualTo(4);
    }

    @Test
    void sharedAndPrivateMappings() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, PLAIN_F, 2);
            long shared = fx.map(p0, fd, 3, Fixture.SHARED);
            long priv = fx.map(p0, fd, 2, MmapFlags.MAP_PRIVATE);
            assertThat(fx.world.mm().store(p0, shared, 5)).isEqualTo(SysResult.ok());
            assertThat(fx.world.files().read(p0, fd, 0)).isEqualTo(SysResult.value(5));
            assertThat(fx.world.mm().store(p0, priv + PAGE, 6)).isEqualTo(SysResult.ok());
            assertThat(fx.world.files().read(p0, fd, PAGE)).isEqualTo(SysResult.value(1));
            assertThat(fx.world.mm().load(p0, shared + 2 * PAGE)).isEqualTo(SysResult.signal(Signal.SIGBUS));
            assertThat(fx.world.mm().msync(p0, shared, 2 * PAGE, 4)).isEqualTo(SysResult.ok());
        });
    }

    @Test
    void unlimitedInstanceStillFailsWhenDramIsGone() {
        Fixture fx = Fixture.boot();
        Ramfs unlimited = new Ramfs(fx.world.kernel(), new io.mapdirect.mm.FakeDram(-1));
        assertThat(unlimited.name()).isEqualTo("ramfs");
        assertThat(unlimited.usedPages()).isZero();
        fx.world.vfs().mount(unlimited.mount("/tmp"));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.open(p0, "/tmp/x", io.mapdirect.fs.OpenFlags.O_RDWR | io.mapdirect.fs.OpenFlags.O_CREAT);
            assertThat(fx.world.files().write(p0, fd, 0, PAGE, 1)).isEqualTo(SysResult.err(Errno.ENOSPC));
        });
    }
}
