package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.G;
import static io.mapdirect.world.Fixture.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.proc.Process;
import io.mapdirect.syscalls.MemoryCalls;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import org.junit.jupiter.api.Test;

/**
 * Durability (spec §2.3, S1): block-map metadata is durable after fsync/msync (or a MAP_SYNC fault),
 * DAX writes are durable when they return, stores after a flush; a crash drops the rest and the
 * filesystem recovers; XFS has one log, so committing one map commits the maps it shares blocks with.
 */
class XfsDurabilityTest {
    private static int durable(Fixture fx, String path, long fileBlock) {
        BlockMapping mapping = fx.xfs(path).map().lookup(fileBlock);
        return mapping == null ? -1 : (int) fx.world.memory().pmem().durableVersion(mapping.pmemBlock());
    }

    @Test
    void unsyncedAllocationIsLostInACrashAndSyncedOneSurvives() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.createF(p0);
            fx.world.files().write(p0, f, 4 * PAGE, 2 * PAGE, 7).valueOrThrow(); // not fsynced
            int g = fx.create(p0, G, 0);
            fx.world.files().write(p0, g, 0, PAGE, 9).valueOrThrow();
            fx.world.files().fsync(p0, g).valueOrThrow();
        });
        fx.world.crash();
        assertThat(fx.world.crashed()).isTrue();
        assertThat(fx.inode(F).sizeBytes()).isEqualTo(4 * PAGE);
        assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(4);
        assertThat(durable(fx, G, 0)).isEqualTo(9);
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /** msync(MS_SYNC) over a shared mapping commits the allocation a write fault made. */
    @Test
    void msyncCommitsWhatAWriteFaultAllocated() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 1);
            fx.world.files().ftruncate(p0, fd, 2 * PAGE).valueOrThrow();
            fx.world.files().fsync(p0, fd);
            long addr = fx.map(p0, fd, 2, Fixture.SHARED);
            assertThat(fx.world.mm().store(p0, addr + PAGE, 5)).isEqualTo(SysResult.ok());
            assertThat(fx.world.mm().msync(p0, addr, 2 * PAGE, MemoryCalls.MS_SYNC)).isEqualTo(SysResult.ok());
        });
        fx.world.crash();
        assertThat(durable(fx, F, 1)).isEqualTo(5);
    }

    /** linux-6.x MAP_SYNC: the allocating fault commits the block map before the PTE is installed. */
    @Test
    void mapSyncFaultCommitsItsAllocation() {
        Fixture fx = Fixture.boot(Fixture.withProfile(FlagProfile.LINUX_6X));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 1);
            fx.world.files().ftruncate(p0, fd, 2 * PAGE).valueOrThrow();
            fx.world.files().fsync(p0, fd);
            long addr = fx.world.mm().mmap(p0, 0, 2 * PAGE, Fixture.RW,
                    MmapFlags.MAP_SHARED_VALIDATE | MmapFlags.MAP_SYNC, fd, 0).valueOrThrow();
            assertThat(fx.world.mm().store(p0, addr + PAGE, 6)).isEqualTo(SysResult.ok());
            assertThat(fx.world.mm().flush(p0, addr + PAGE, PAGE)).isEqualTo(SysResult.ok());
        });
        fx.world.crash();
        assertThat(durable(fx, F, 1)).isEqualTo(6);
    }

    /** One log: after FICLONE, an fsync of g also commits f's side, so no block comes back in two unshared files. */
    @Test
    void committingOneReflinkedMapCommitsTheOther() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.createF(p0);
            int g = fx.create(p0, G, 0);
            fx.world.files().ficlone(p0, g, f).valueOrThrow();
            fx.world.files().fsync(p0, g).valueOrThrow();
            assertThat(fx.xfs(F).map().hasUncommittedChanges()).isFalse();
            fx.world.files().write(p0, f, 0, PAGE, 3).valueOrThrow(); // copy-on-write, not synced
        });
        fx.world.crash();
        assertThat(fx.xfs(F).map().lookup(0).shared()).isTrue();
        assertThat(fx.xfs(G).map().lookup(0).shared()).isTrue();
        assertThat(fx.blockAccountingErrors()).isEmpty();
        assertThat(durable(fx, G, 0)).isEqualTo(1);
    }

    /** A crash drops the non-DAX page cache (no page is left cached) and keeps the blocks fsync wrote back and committed. */
    @Test
    void aCrashDropsTheNonDaxPageCacheAndKeepsTheFsyncedBlocks() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withXfsDax(false));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> fx.createF(p0));
        fx.world.crash();
        assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(4);
        assertThat(fx.xfs(F).pfnAt(0)).isEqualTo(-1);
        assertThat(fx.world.crashed()).isTrue();
    }

    @Test
    void aCrashedWorldCannotRunAgain() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> fx.open(p0, F, OpenFlags.O_RDWR | OpenFlags.O_CREAT));
        fx.world.crash();
        org.assertj.core.api.Assertions.assertThatThrownBy(fx.world::run).isInstanceOf(IllegalStateException.class);
    }
}
