package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.G;
import static io.mapdirect.world.Fixture.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.FakeDram;
import io.mapdirect.proc.Process;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import org.junit.jupiter.api.Test;

/**
 * {@link XfsData} at its edges: where a read finds the data (a non-DAX page cache before the block),
 * one page-cache page per file index ({@code find_or_create_page}), a failed page allocation adds no
 * page, {@code truncate_inode_pages_range()}'s exact range, DAX writes durable on return
 * ({@code dax_copy_from_iter}), {@code xfs_file_iomap_begin()}'s zeroing of allocated and converted DAX
 * blocks ({@code XFS_BMAPI_ZERO}) and its copy-on-write copy, and the non-DAX writeback of fsync
 * ({@code filemap_write_and_wait}): durable, never into a hole or through a shared block.
 */
class XfsDataEdgesTest {
    private static final long STALE = 9;

    private static WorldConfig nonDax() {
        return WorldConfig.defaults().withXfsDax(false);
    }

    private static long durable(Fixture fx, long pmemBlock) {
        return fx.world.memory().pmem().durableVersion((int) pmemBlock);
    }

    private static boolean dirty(Fixture fx, long pmemBlock) {
        return fx.world.memory().pmem().isDirty((int) pmemBlock);
    }

    private static int pmemOf(Fixture fx, String path, long fileBlock) {
        return fx.xfs(path).map().lookup(fileBlock).pmemBlock();
    }

    /** Old data left on every free pmem block (what a freed block of an earlier file still holds). */
    private static void staleDataOnFreeBlocks(Fixture fx) {
        BlockAllocator allocator = fx.world.xfs().allocator();
        for (int block = 0; block < allocator.blockCount(); block++) {
            if (allocator.isFree(block)) {
                fx.world.memory().cpuStore(block, STALE);
                fx.world.memory().cpuFlush(block);
            }
        }
    }

    // ---------------------------------------------------------------- read / page cache

    /** Non-DAX: a buffered write lands in the page cache; read() (and contentVersion) see it before any writeback. */
    @Test
    void nonDaxReadSeesTheCachedPageNotTheBlock() {
        Fixture fx = Fixture.boot(nonDax());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 1); // version 1, fsynced: the block holds 1 too
            fx.world.files().write(p0, fd, 0, PAGE, 5).valueOrThrow();
            assertThat(fx.world.files().read(p0, fd, 0)).isEqualTo(SysResult.value(5));
        });
        assertThat(fx.world.xfs().contentVersion(fx.xfs(F), 0)).isEqualTo(5);
        assertThat(fx.world.memory().cpuLoad(pmemOf(fx, F, 0))).as("the block waits for writeback").isEqualTo(1);
    }

    /** find_or_create_page(): write() and a shared mapping of a non-DAX file use the one page of the index. */
    @Test
    void writeAndSharedMappingShareOnePageCachePage() {
        Fixture fx = Fixture.boot(nonDax());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 1);
            long pfn = fx.xfs(F).pfnAt(0);
            long addr = fx.map(p0, fd, 1, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(1));
            fx.world.files().write(p0, fd, 0, PAGE, 7).valueOrThrow();
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(7));
            assertThat(fx.xfs(F).pfnAt(0)).isEqualTo(pfn);
        });
    }

    /** A DRAM frame is a page whatever its number: frame 0 is cached and found again, not allocated twice. */
    @Test
    void aPageAtFrameZeroIsCachedLikeAnyOther() {
        Fixture fx = Fixture.boot(nonDax());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> fx.create(p0, F, 0));
        FakeDram dram = new FakeDram(0);
        XfsData data = new XfsData(fx.world.xfs(), dram);
        assertThat(data.cachePage(fx.xfs(F), 3)).isZero();
        assertThat(data.cachePage(fx.xfs(F), 3)).isZero();
        assertThat(dram.allocations).isEqualTo(1);
        assertThat(fx.xfs(F).pfnAt(3)).isZero();
    }

    /** alloc_page() failing: nothing is added to the mapping, and a later try allocates again. */
    @Test
    void aFailedPageAllocationAddsNoPage() {
        Fixture fx = Fixture.boot(nonDax());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> fx.create(p0, F, 0));
        FakeDram dram = new FakeDram(-1);
        XfsData data = new XfsData(fx.world.xfs(), dram);
        assertThat(data.cachePage(fx.xfs(F), 2)).isEqualTo(-1);
        assertThat(fx.xfs(F).pageCache()).doesNotContainKey(2L);
        dram.next = 40;
        assertThat(data.cachePage(fx.xfs(F), 2)).isEqualTo(40);
        assertThat(dram.allocations).isEqualTo(2);
    }

    // ---------------------------------------------------------------- dropCache

    private static Fixture fourCachedPages() {
        Fixture fx = Fixture.boot(nonDax());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> fx.create(p0, F, 4));
        assertThat(fx.xfs(F).pageCache()).containsOnlyKeys(0L, 1L, 2L, 3L);
        return fx;
    }

    /** truncate_inode_pages_range(): exactly [first, first + count), nothing before or after. */
    @Test
    void dropCacheDropsExactlyTheRange() {
        Fixture fx = fourCachedPages();
        fx.world.xfs().data().dropCache(fx.xfs(F), 1, 2);
        assertThat(fx.xfs(F).pageCache()).containsOnlyKeys(0L, 3L);
    }

    /** An empty range drops nothing. */
    @Test
    void dropCacheOfAnEmptyRangeDropsNothing() {
        Fixture fx = fourCachedPages();
        fx.world.xfs().data().dropCache(fx.xfs(F), 2, 0);
        assertThat(fx.xfs(F).pageCache()).containsOnlyKeys(0L, 1L, 2L, 3L);
    }

    /** A range reaching past the largest offset (lend = -1, "to the end") drops every page from first on. */
    @Test
    void dropCacheOfARangeBeyondTheLargestOffsetDropsToTheEnd() {
        Fixture fx = fourCachedPages();
        fx.world.xfs().data().dropCache(fx.xfs(F), 1, Long.MAX_VALUE);
        assertThat(fx.xfs(F).pageCache()).containsOnlyKeys(0L);
    }

    // ---------------------------------------------------------------- write

    /** DAX write() copies with dax_copy_from_iter (flushcache): durable when it returns, no fsync needed. */
    @Test
    void daxWriteIsDurableWhenItReturns() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 1);
            fx.world.files().write(p0, fd, 0, PAGE, 5).valueOrThrow();
        });
        int block = pmemOf(fx, F, 0);
        assertThat(durable(fx, block)).isEqualTo(5);
        assertThat(dirty(fx, block)).isFalse();
    }

    // ---------------------------------------------------------------- prepareWrite / moveData

    /** XFS_BMAPI_ZERO: a DAX block allocated for a write is zeroed, durably, before it is mapped. */
    @Test
    void allocatedDaxBlockIsZeroedDurably() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 0);
            fx.world.files().ftruncate(p0, fd, PAGE).valueOrThrow();
            staleDataOnFreeBlocks(fx);
            assertThat(fx.world.xfs().data().prepareWrite(fx.xfs(F), 0, 1)).isZero();
        });
        int block = pmemOf(fx, F, 0);
        assertThat(fx.world.xfs().contentVersion(fx.xfs(F), 0)).isZero();
        assertThat(durable(fx, block)).isZero();
        assertThat(dirty(fx, block)).isFalse();
    }

    /** XFS_BMAPI_CONVERT | XFS_BMAPI_ZERO: a DAX write converting an unwritten block zeroes it, durably. */
    @Test
    void convertedDaxBlockIsZeroedDurably() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        int[] block = new int[1];
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 0);
            fx.world.files().fallocate(p0, fd, 0, 0, PAGE).valueOrThrow();
            block[0] = pmemOf(fx, F, 0);
            fx.world.memory().cpuStore(block[0], STALE); // an unwritten extent's block holds old data
            fx.world.memory().cpuFlush(block[0]);
            assertThat(fx.world.xfs().data().prepareWrite(fx.xfs(F), 0, 1)).isZero();
        });
        assertThat(pmemOf(fx, F, 0)).isEqualTo(block[0]);
        assertThat(fx.xfs(F).map().lookup(0).isWritten()).isTrue();
        assertThat(fx.world.xfs().contentVersion(fx.xfs(F), 0)).isZero();
        assertThat(durable(fx, block[0])).isZero();
        assertThat(dirty(fx, block[0])).isFalse();
    }

    /** Copy-on-write of a reflinked DAX block: the new block gets the old block's data, durably; the clone keeps its own. */
    @Test
    void copyOnWriteCopiesTheSharedBlockDurably() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.createF(p0);
            int g = fx.create(p0, G, 0);
            fx.world.files().ficlone(p0, g, f).valueOrThrow();
            staleDataOnFreeBlocks(fx);
            assertThat(fx.world.xfs().data().prepareWrite(fx.xfs(G), 0, 1)).isZero();
        });
        int copy = pmemOf(fx, G, 0);
        assertThat(copy).isNotEqualTo(pmemOf(fx, F, 0));
        assertThat(fx.world.xfs().contentVersion(fx.xfs(G), 0)).isEqualTo(1);
        assertThat(durable(fx, copy)).isEqualTo(1);
        assertThat(dirty(fx, copy)).isFalse();
        assertThat(fx.world.xfs().contentVersion(fx.xfs(F), 0)).isEqualTo(1);
    }

    /**
     * xfs_reflink_trim_around_shared(): a block still flagged shared whose other sharer already copied it
     * away (refcount 1) is not copied; the write keeps the block and its data.
     */
    @Test
    void writeToABlockNoLongerSharedKeepsItsData() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        int[] block = new int[1];
        fx.runAs(p0, () -> {
            int f = fx.createF(p0);
            int g = fx.create(p0, G, 0);
            fx.world.files().ficlone(p0, g, f).valueOrThrow();
            fx.world.files().write(p0, g, 0, PAGE, 2).valueOrThrow(); // g copies block 0 away
            block[0] = pmemOf(fx, F, 0);
            assertThat(fx.world.xfs().data().prepareWrite(fx.xfs(F), 0, 1)).isZero();
        });
        assertThat(pmemOf(fx, F, 0)).isEqualTo(block[0]);
        assertThat(fx.xfs(F).map().lookup(0).shared()).isFalse();
        assertThat(fx.world.xfs().contentVersion(fx.xfs(F), 0)).isEqualTo(1);
        assertThat(fx.world.xfs().contentVersion(fx.xfs(G), 0)).isEqualTo(2);
    }

    // ---------------------------------------------------------------- writeback

    /** Non-DAX fsync: filemap_write_and_wait() writes the page into its block and the block is durable. */
    @Test
    void nonDaxFsyncMakesTheWrittenDataDurable() {
        Fixture fx = Fixture.boot(nonDax());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 1);
            fx.world.files().write(p0, fd, 0, PAGE, 6).valueOrThrow();
            fx.world.files().fsync(p0, fd).valueOrThrow();
        });
        int block = pmemOf(fx, F, 0);
        assertThat(durable(fx, block)).isEqualTo(6);
        assertThat(dirty(fx, block)).isFalse();
    }

    /** A page cached for a hole (a read fault within EOF) has no block to write back; fsync still succeeds and the hole stays one. */
    @Test
    void nonDaxWritebackSkipsAPageOverAHole() {
        Fixture fx = Fixture.boot(nonDax());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 0);
            fx.world.files().ftruncate(p0, fd, PAGE).valueOrThrow();
            long addr = fx.map(p0, fd, 1, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(0));
            assertThat(fx.xfs(F).pageCache()).containsKey(0L);
            assertThat(fx.world.files().fsync(p0, fd)).isEqualTo(SysResult.ok());
        });
        assertThat(fx.xfs(F).map().lookup(0)).isNull();
    }

    /**
     * A clone never sees the source's later writes: a page of f dirtied through its mapping after
     * FICLONE is not written through the block f now shares with g.
     */
    @Test
    void nonDaxWritebackNeverWritesThroughASharedBlock() {
        Fixture fx = Fixture.boot(nonDax());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            long addr = fx.map(p0, f, 1, Fixture.SHARED);
            assertThat(fx.world.mm().store(p0, addr, 2)).isEqualTo(SysResult.ok());
            int g = fx.create(p0, G, 0);
            fx.world.files().ficlone(p0, g, f).valueOrThrow(); // writes f's page back first: g gets 2
            assertThat(fx.world.mm().store(p0, addr, 3)).isEqualTo(SysResult.ok());
            fx.world.files().fsync(p0, f).valueOrThrow();
            assertThat(fx.world.files().read(p0, g, 0)).isEqualTo(SysResult.value(2));
        });
        assertThat(fx.xfs(G).map().lookup(0).shared()).isTrue();
        assertThat(fx.world.memory().cpuLoad(pmemOf(fx, G, 0))).isEqualTo(2);
    }

    /**
     * filemap_fault() on a page not in the cache reads it from its block ({@code ->readpage}): a clone's
     * cold page, mapped and loaded, has the data read() returns, not a zeroed page.
     */
    @Test
    void aReadFaultOfAColdPageReadsItsBlock() {
        Fixture fx = Fixture.boot(nonDax());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            int g = fx.create(p0, G, 0);
            fx.world.files().ficlone(p0, g, f).valueOrThrow();
            assertThat(fx.xfs(G).pageCache()).isEmpty();
            long addr = fx.map(p0, g, 1, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(1));
            assertThat(fx.world.files().read(p0, g, 0)).isEqualTo(SysResult.value(1));
        });
    }

    /** ->readpage of an unwritten extent zero-fills the page: the block's old data is never read into the cache. */
    @Test
    void aReadFaultOfAnUnwrittenBlockMapsZeros() {
        Fixture fx = Fixture.boot(nonDax());
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 0);
            staleDataOnFreeBlocks(fx);
            fx.world.files().fallocate(p0, fd, 0, 0, PAGE).valueOrThrow();
            assertThat(fx.world.memory().cpuLoad(pmemOf(fx, F, 0))).isEqualTo(STALE);
            long addr = fx.map(p0, fd, 1, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(0));
        });
    }
}
