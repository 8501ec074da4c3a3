package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.G;
import static io.mapdirect.world.Fixture.PAGE;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.kernel.TestFault;
import io.mapdirect.proc.Process;
import io.mapdirect.syscalls.FileCalls;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Edges of {@code xfs_file_fallocate()} ({@code XfsFileOps.fallocate}, {@code checkFallocateMode},
 * {@code applyFallocate}): the alignment and size checks of collapse and insert, which modes wait for
 * pinned pages and how far, the invalidation of DAX mappings and of a non-DAX page cache around
 * zero/collapse/insert, preallocation keeping data, and the size change of a growing preallocation.
 */
class XfsFallocateEdgesTest {
    private static final int KEEP = FileCalls.FALLOC_FL_KEEP_SIZE;
    private static final int PUNCH = FileCalls.FALLOC_FL_PUNCH_HOLE | KEEP;
    private static final int ZERO = FileCalls.FALLOC_FL_ZERO_RANGE;
    private static final int COLLAPSE = FileCalls.FALLOC_FL_COLLAPSE_RANGE;
    private static final int INSERT = FileCalls.FALLOC_FL_INSERT_RANGE;
    private static final SysResult EINVAL = SysResult.err(Errno.EINVAL);

    /** Creates {@code path} with blocks 0..n-1 holding versions 1..n (durable). */
    private static int createNumbered(Fixture fx, Process p, String path, int n) {
        int fd = fx.create(p, path, 0);
        for (int b = 0; b < n; b++) {
            fx.world.files().write(p, fd, b * PAGE, PAGE, b + 1).valueOrThrow();
        }
        fx.world.files().fsync(p, fd).valueOrThrow();
        return fd;
    }

    // ------------------------------------------------------------------ checks

    /** Collapse: {@code offset & blksize_mask || len & blksize_mask} is EINVAL, the length too. */
    @Test
    void collapseNeedsABlockAlignedLength() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 4);
            assertThat(fx.world.files().fallocate(p0, f, COLLAPSE, 0, PAGE + 1)).isEqualTo(EINVAL);
        });
        assertThat(fx.inode(F).sizeBytes()).isEqualTo(4 * PAGE);
        assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(4);
    }

    /** Insert: {@code offset & blksize_mask || len & blksize_mask} is EINVAL, the offset too. */
    @Test
    void insertNeedsABlockAlignedOffset() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 4);
            assertThat(fx.world.files().fallocate(p0, f, INSERT, 100, PAGE)).isEqualTo(EINVAL);
        });
        assertThat(fx.inode(F).sizeBytes()).isEqualTo(4 * PAGE);
    }

    /** Insert: EFBIG only when {@code new_size > s_maxbytes}; growing to exactly {@code MAX_LFS_FILESIZE} is allowed. */
    @Test
    void insertMayGrowTheFileToExactlyTheLargestSize() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            FileCalls files = fx.world.files();
            int f = fx.create(p0, F, 1);
            assertThat(files.ftruncate(p0, f, Long.MAX_VALUE - 2 * PAGE + 1)).isEqualTo(SysResult.ok());
            assertThat(files.fallocate(p0, f, INSERT, 0, 2 * PAGE)).isEqualTo(SysResult.err(Errno.EFBIG));
            assertThat(files.ftruncate(p0, f, Long.MAX_VALUE - 2 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(files.fallocate(p0, f, INSERT, 0, 2 * PAGE)).isEqualTo(SysResult.ok());
        });
        assertThat(fx.inode(F).sizeBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(fx.xfs(F).map().lookup(2).isWritten()).isTrue();
    }

    // ------------------------------------------------------------------ layout breaks and pinned pages

    private static long fallocateDoneAtNs(Fixture fx, int mode) {
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] doneAtNs = {-1};
        fx.start(p0, () -> fx.map(p0, fx.createF(p0), 4, Fixture.DIRECT));
        fx.start(p1, () -> {
            fx.sleepNs(1);
            int fd = fx.open(p1, F, OpenFlags.O_RDWR);
            assertThat(fx.world.files().fallocate(p1, fd, mode, 0, PAGE)).isEqualTo(SysResult.ok());
            doneAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        return doneAtNs[0];
    }

    /** Hand-break 6 skips {@code xfs_break_layouts()} for a hole punch only: other modes still break (and wait). */
    @Test
    void thePunchHoleTestFaultSkipsTheBreakOfAPunchOnly() {
        WorldConfig defaults = WorldConfig.defaults();
        WorldConfig faulty = defaults.withKernel(defaults.kernel().withTestFaults(Set.of(TestFault.PUNCH_HOLE_NO_BREAK_LAYOUTS)));
        assertThat(fallocateDoneAtNs(Fixture.boot(faulty), PUNCH)).isEqualTo(1);
        assertThat(fallocateDoneAtNs(Fixture.boot(faulty), ZERO)).isEqualTo(1 + 45 * SEC);
        assertThat(fallocateDoneAtNs(Fixture.boot(faulty), KEEP)).isEqualTo(1 + 45 * SEC);
    }

    /**
     * Collapse and insert move every block after the offset: a pinned page beyond the range counts
     * (merged Linux waits for it, {@code xfs_break_layouts(BREAK_UNMAP)}; the 2019 RFC refuses with ETXTBSY).
     */
    @Test
    void collapseAndInsertCountPinnedPagesBeyondTheirRange() {
        Fixture fx = Fixture.boot(Fixture.withPolicy(Policy.v8().withLongTermPin(Policy.LongTermPin.LAYOUT_LEASE)));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 4);
            fx.world.pins().pin(fx.xfs(F).pfnAt(3), true);
            assertThat(fx.world.files().fallocate(p0, f, COLLAPSE, PAGE, PAGE)).isEqualTo(SysResult.err(Errno.ETXTBSY));
            assertThat(fx.world.files().fallocate(p0, f, INSERT, PAGE, PAGE)).isEqualTo(SysResult.err(Errno.ETXTBSY));
        });
        assertThat(fx.inode(F).sizeBytes()).isEqualTo(4 * PAGE);
        assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(4);
    }

    /** Merged Linux: a collapse waits until a pinned page beyond its range is released. */
    @Test
    void upstreamCollapseWaitsForAPinnedPageBeyondTheRange() {
        Fixture fx = Fixture.boot(Fixture.withPolicy(Policy.v8().withLongTermPin(Policy.LongTermPin.REFUSE_FS_DAX)));
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] doneAtNs = {-1};
        fx.start(p0, () -> {
            fx.create(p0, F, 4);
            long pfn = fx.xfs(F).pfnAt(3);
            fx.world.pins().pin(pfn, false);
            fx.sleepNs(100 * SEC);
            fx.world.pins().unpin(pfn, false);
        });
        fx.start(p1, () -> {
            fx.sleepNs(1);
            int fd = fx.open(p1, F, OpenFlags.O_RDWR);
            assertThat(fx.world.files().fallocate(p1, fd, COLLAPSE, PAGE, PAGE)).isEqualTo(SysResult.ok());
            doneAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        assertThat(doneAtNs[0]).isEqualTo(100 * SEC);
    }

    // ------------------------------------------------------------------ mappings and page cache

    /** Collapse and insert zap the mappings from the offset to EOF: a mapping shows what read() shows. */
    @Test
    void daxMappingsFollowCollapseAndInsert() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = createNumbered(fx, p0, F, 4);
            long addr = fx.map(p0, f, 4, Fixture.SHARED);
            for (int b = 0; b < 4; b++) {
                assertThat(fx.world.mm().load(p0, addr + b * PAGE)).isEqualTo(SysResult.value(b + 1));
            }
            assertThat(fx.world.files().fallocate(p0, f, COLLAPSE, PAGE, PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.world.mm().load(p0, addr + PAGE)).isEqualTo(SysResult.value(3));
            assertThat(fx.world.mm().load(p0, addr + 2 * PAGE)).isEqualTo(SysResult.value(4));
            assertThat(fx.world.files().fallocate(p0, f, INSERT, 0, PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(0));
            assertThat(fx.world.mm().load(p0, addr + PAGE)).isEqualTo(SysResult.value(1));
            assertThat(fx.world.mm().load(p0, addr + 2 * PAGE)).isEqualTo(SysResult.value(3));
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /** Zero range zaps the range's mappings: a mapping then reads zeros, like read(). */
    @Test
    void daxMappingReadsZerosAfterZeroRange() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 2);
            long addr = fx.map(p0, f, 2, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(1));
            assertThat(fx.world.files().fallocate(p0, f, ZERO, 0, PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(0));
            assertThat(fx.world.mm().load(p0, addr + PAGE)).isEqualTo(SysResult.value(1));
        });
    }

    /**
     * Non-DAX collapse ({@code xfs_flush_unmap_range()}): dirty pages beyond the offset are written
     * back, then the cache from the offset is dropped, so the shifted blocks read their new content.
     */
    @Test
    void nonDaxCollapseWritesBackAndDropsTheCacheBeyondTheOffset() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withXfsDax(false));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            FileCalls files = fx.world.files();
            int f = fx.create(p0, F, 4);
            for (int b = 1; b < 4; b++) {
                assertThat(files.write(p0, f, b * PAGE, PAGE, 4 + b)).isEqualTo(SysResult.value(PAGE));
            }
            assertThat(files.fallocate(p0, f, COLLAPSE, 0, PAGE)).isEqualTo(SysResult.ok());
            assertThat(files.read(p0, f, 0)).isEqualTo(SysResult.value(5));
            assertThat(files.read(p0, f, PAGE)).isEqualTo(SysResult.value(6));
            assertThat(files.read(p0, f, 2 * PAGE)).isEqualTo(SysResult.value(7));
        });
    }

    /** Non-DAX zero range drops the range's cached pages: read() returns zeros, not the cached data. */
    @Test
    void nonDaxZeroRangeDropsTheCachedPage() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withXfsDax(false));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            FileCalls files = fx.world.files();
            int f = fx.create(p0, F, 2);
            assertThat(files.write(p0, f, 0, PAGE, 5)).isEqualTo(SysResult.value(PAGE));
            assertThat(files.fallocate(p0, f, ZERO, 0, PAGE)).isEqualTo(SysResult.ok());
            assertThat(files.read(p0, f, 0)).isEqualTo(SysResult.value(0));
            assertThat(files.read(p0, f, PAGE)).isEqualTo(SysResult.value(1));
        });
    }

    // ------------------------------------------------------------------ preallocation and size

    /** Plain preallocation ({@code xfs_alloc_file_space()}) only fills holes: written data stays. */
    @Test
    void preallocationKeepsWrittenData() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            FileCalls files = fx.world.files();
            int f = fx.create(p0, F, 2);
            assertThat(files.fallocate(p0, f, 0, 0, 2 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(files.fallocate(p0, f, KEEP, PAGE, 2 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(files.read(p0, f, 0)).isEqualTo(SysResult.value(1));
            assertThat(files.read(p0, f, PAGE)).isEqualTo(SysResult.value(1));
        });
        assertThat(fx.xfs(F).map().lookup(0).isWritten()).isTrue();
        assertThat(fx.xfs(F).map().lookup(2).isUnwritten()).isTrue();
    }

    /** A file of {@code PAGE + 100} bytes whose EOF block is shared with {@code g}. */
    private static int createSharedEof(Fixture fx, Process p0) {
        FileCalls files = fx.world.files();
        int f = fx.create(p0, F, 2);
        assertThat(files.ftruncate(p0, f, PAGE + 100)).isEqualTo(SysResult.ok());
        assertThat(files.fallocate(p0, f, KEEP, 2 * PAGE, PAGE)).isEqualTo(SysResult.ok());
        int g = fx.create(p0, G, 0);
        assertThat(files.ficlone(p0, g, f)).isEqualTo(SysResult.ok());
        assertThat(fx.xfs(F).pfnAt(1)).isEqualTo(fx.xfs(G).pfnAt(1));
        return f;
    }

    /**
     * {@code if (!(mode & KEEP_SIZE) && offset + len > i_size)}: a preallocation ending exactly at EOF
     * changes no size, so nothing zeroes (copies on write) the shared EOF block.
     */
    @Test
    void preallocationEndingAtEofDoesNotTouchTheEofBlock() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = createSharedEof(fx, p0);
            assertThat(fx.world.files().fallocate(p0, f, 0, 0, PAGE + 100)).isEqualTo(SysResult.ok());
        });
        assertThat(fx.inode(F).sizeBytes()).isEqualTo(PAGE + 100);
        assertThat(fx.xfs(F).pfnAt(1)).isEqualTo(fx.xfs(G).pfnAt(1));
    }

    /**
     * Growing by preallocation zeroes from the old EOF first ({@code xfs_vn_setattr_size()}); when that
     * fails (ENOSPC copying the shared EOF block) the size does not change.
     */
    @Test
    void aFailedEofZeroingLeavesTheSize() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = createSharedEof(fx, p0);
            int free = (int) fx.world.xfs().allocator().freeCount();
            fx.create(p0, "/xfs/filler", free);
            assertThat(fx.world.xfs().allocator().freeCount()).isZero();
            assertThat(fx.world.files().fallocate(p0, f, 0, 2 * PAGE, PAGE)).isEqualTo(SysResult.err(Errno.ENOSPC));
        });
        assertThat(fx.inode(F).sizeBytes()).isEqualTo(PAGE + 100);
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }
}
