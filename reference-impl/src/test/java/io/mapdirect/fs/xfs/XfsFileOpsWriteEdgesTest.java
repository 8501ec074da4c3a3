package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.G;
import static io.mapdirect.world.Fixture.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.File;
import io.mapdirect.fs.FileOperations;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.FileOps;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.mm.Pte;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.FaultPlan;
import io.mapdirect.syscalls.FileCalls;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Edges of {@code xfs_file_operations} that the scenario tests do not pin down (the survivors of
 * the first PIT run over {@code fs.xfs}, docs/mutation-fs-xfs.md): which pages a DAX write(2)
 * invalidates ({@code dax_iomap_actor()}: a new block or a copied one, only the written range), the
 * zeroing of the EOF block before a write past EOF and on a size change ({@code xfs_zero_eof()},
 * {@code iomap_truncate_page()}: only a partial block, only a written shared one needs a new block,
 * and its error is returned before anything changes), {@code xfs_setattr_size()}'s
 * {@code newsize <= oldsize} truncation, {@code xfs_file_dax_read()}'s clamping to EOF, and
 * {@code xfs_file_mmap()}'s VMA flags.
 */
class XfsFileOpsWriteEdgesTest {
    private static final int KEEP = FileCalls.FALLOC_FL_KEEP_SIZE;

    private static FileCalls files(Fixture fx) {
        return fx.world.files();
    }

    private static Pte pte(Process p, long addr) {
        return p.mm().pageTable().lookup(addr >>> Mm.PAGE_SHIFT);
    }

    private static WorldConfig failingAllocationIn(WorldConfig config, String scope) {
        return config.withFaultRules(List.of(new FaultPlan.Rule(scope, "alloc", 1)));
    }

    // ------------------------------------------------------------------ write: invalidation

    /**
     * A write starting exactly at an unaligned EOF inside a shared block copies that block as part of
     * the write (dax_iomap_actor: a COW range is invalidated), not as EOF zeroing (xfs_file_aio_write_checks
     * zeroes only when {@code ki_pos > i_size}): the mapping of the old block must refault and see the data.
     */
    @Test
    void writeAtAnUnalignedEofInASharedBlockRefaultsTheMapping() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 2);
            assertThat(files(fx).ftruncate(p0, f, PAGE + 100)).isEqualTo(SysResult.ok());
            int g = fx.create(p0, G, 0);
            files(fx).ficlone(p0, g, f).valueOrThrow();
            long addr = fx.map(p0, f, 2, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr + PAGE)).isEqualTo(SysResult.value(1));
            assertThat(files(fx).write(p0, f, PAGE + 100, 100, 2)).isEqualTo(SysResult.value(100));
            assertThat(fx.world.mm().load(p0, addr + PAGE)).isEqualTo(SysResult.value(2));
            assertThat(files(fx).read(p0, g, PAGE)).isEqualTo(SysResult.value(1));
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /** dax_iomap_actor invalidates the written range only: a copy on write of page 0 leaves page 1's PTE. */
    @Test
    void aCopyOnWriteInvalidatesOnlyTheWrittenPages() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 2);
            int g = fx.create(p0, G, 0);
            files(fx).ficlone(p0, g, f).valueOrThrow();
            long addr = fx.map(p0, f, 2, Fixture.SHARED);
            fx.world.mm().load(p0, addr).valueOrThrow();
            fx.world.mm().load(p0, addr + PAGE).valueOrThrow();
            assertThat(files(fx).write(p0, f, 0, PAGE, 2)).isEqualTo(SysResult.value(PAGE));
            assertThat(pte(p0, addr)).isNull();
            assertThat(pte(p0, addr + PAGE)).isNotNull();
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(2));
        });
    }

    /** An overwrite in place (no new block, nothing shared) invalidates nothing: the PTE stays and sees the store. */
    @Test
    void anOverwriteInPlaceKeepsTheMapping() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            long addr = fx.map(p0, f, 1, Fixture.SHARED);
            fx.world.mm().load(p0, addr).valueOrThrow();
            Pte before = pte(p0, addr);
            assertThat(files(fx).write(p0, f, 0, PAGE, 2)).isEqualTo(SysResult.value(PAGE));
            assertThat(pte(p0, addr)).isEqualTo(before);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(2));
        });
    }

    /**
     * A write that allocates into a hole tears down the zero-page mapping of that page (dax_iomap_actor,
     * IOMAP_F_NEW: "so that data written by write(2) is visible in mmap"), and only of that page.
     */
    @Test
    void aWriteIntoAHoleReplacesTheZeroPageMappingAndNoOther() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            assertThat(files(fx).write(p0, f, 2 * PAGE, PAGE, 3)).isEqualTo(SysResult.value(PAGE));
            long addr = fx.map(p0, f, 3, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr + PAGE)).isEqualTo(SysResult.value(0));
            assertThat(pte(p0, addr + PAGE).isZeroPage()).isTrue();
            fx.world.mm().load(p0, addr).valueOrThrow();
            fx.world.mm().load(p0, addr + 2 * PAGE).valueOrThrow();
            assertThat(files(fx).write(p0, f, PAGE, PAGE, 7)).isEqualTo(SysResult.value(PAGE));
            assertThat(pte(p0, addr + PAGE)).isNull();
            assertThat(pte(p0, addr)).isNotNull();
            assertThat(pte(p0, addr + 2 * PAGE)).isNotNull();
            assertThat(fx.world.mm().load(p0, addr + PAGE)).isEqualTo(SysResult.value(7));
        });
    }

    /** A buffered (non-DAX) write stores into the page-cache pages the mappings map: nothing is invalidated. */
    @Test
    void nonDaxWritesKeepThePageCacheMappings() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withXfsDax(false));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            assertThat(files(fx).ftruncate(p0, f, 2 * PAGE)).isEqualTo(SysResult.ok());
            int g = fx.create(p0, G, 0);
            files(fx).ficlone(p0, g, f).valueOrThrow();
            long addr = fx.map(p0, f, 2, Fixture.SHARED);
            fx.world.mm().load(p0, addr).valueOrThrow();
            fx.world.mm().load(p0, addr + PAGE).valueOrThrow();
            Pte shared = pte(p0, addr);
            Pte hole = pte(p0, addr + PAGE);
            assertThat(files(fx).write(p0, f, 0, PAGE, 5)).isEqualTo(SysResult.value(PAGE)); // copies on write
            assertThat(files(fx).write(p0, f, PAGE, PAGE, 6)).isEqualTo(SysResult.value(PAGE)); // allocates
            assertThat(pte(p0, addr)).isEqualTo(shared);
            assertThat(pte(p0, addr + PAGE)).isEqualTo(hole);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(5));
            assertThat(fx.world.mm().load(p0, addr + PAGE)).isEqualTo(SysResult.value(6));
            assertThat(files(fx).read(p0, g, 0)).isEqualTo(SysResult.value(1));
        });
    }

    // ------------------------------------------------------------------ write: EOF zeroing and errors

    /**
     * xfs_file_aio_write_checks(): xfs_zero_eof()'s error is returned before the write; here the copy of
     * the shared EOF block cannot get a block (ENOSPC): the size, the block map and the data stay. The
     * kernel invalidates the page only once {@code ->iomap_begin()} got the copy's block; the model unmaps
     * it before the attempt (a documented bookkeeping departure of {@code XfsFileOps}), so the mapping
     * faults the same block in again.
     */
    @Test
    void aFailedEofZeroingFailsTheWriteAndChangesNothing() {
        Fixture fx = Fixture.boot(failingAllocationIn(WorldConfig.defaults(), "w"));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 0);
            assertThat(files(fx).write(p0, f, 0, 100, 1)).isEqualTo(SysResult.value(100));
            int g = fx.create(p0, G, 0);
            files(fx).ficlone(p0, g, f).valueOrThrow();
            long addr = fx.map(p0, f, 1, Fixture.SHARED);
            fx.world.mm().load(p0, addr).valueOrThrow();
            p0.setFaultScope("w");
            assertThat(files(fx).write(p0, f, 200, 100, 2)).isEqualTo(SysResult.err(Errno.ENOSPC));
            p0.setFaultScope("P0");
            assertThat(fx.inode(F).sizeBytes()).isEqualTo(100);
            assertThat(fx.xfs(F).pfnAt(0)).isEqualTo(fx.xfs(G).pfnAt(0));
            assertThat(files(fx).read(p0, f, 0)).isEqualTo(SysResult.value(1));
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(1));
            assertThat(pte(p0, addr).pfn()).isEqualTo(fx.xfs(G).pfnAt(0));
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /** A write past EOF zeroes the tail of the EOF block (xfs_zero_eof); on a shared block that is a copy on write. */
    @Test
    void writePastEofUnsharesTheEofBlock() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 0);
            assertThat(files(fx).write(p0, f, 0, 100, 1)).isEqualTo(SysResult.value(100));
            int g = fx.create(p0, G, 0);
            files(fx).ficlone(p0, g, f).valueOrThrow();
            assertThat(files(fx).write(p0, f, 2 * PAGE, PAGE, 2)).isEqualTo(SysResult.value(PAGE));
            assertThat(fx.xfs(F).pfnAt(0)).isNotEqualTo(fx.xfs(G).pfnAt(0));
            assertThat(files(fx).read(p0, f, 0)).isEqualTo(SysResult.value(1));
            assertThat(files(fx).read(p0, g, 0)).isEqualTo(SysResult.value(1));
            assertThat(fx.inode(F).sizeBytes()).isEqualTo(3 * PAGE);
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /** A write below EOF zeroes nothing ({@code ki_pos > i_size} only): the shared EOF block it does not touch stays shared. */
    @Test
    void writeInsideEofLeavesTheSharedEofBlockShared() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 2);
            assertThat(files(fx).ftruncate(p0, f, PAGE + 100)).isEqualTo(SysResult.ok());
            int g = fx.create(p0, G, 0);
            files(fx).ficlone(p0, g, f).valueOrThrow();
            assertThat(files(fx).write(p0, f, 0, 100, 2)).isEqualTo(SysResult.value(100));
            assertThat(fx.xfs(F).pfnAt(0)).isNotEqualTo(fx.xfs(G).pfnAt(0));
            assertThat(fx.xfs(F).pfnAt(1)).isEqualTo(fx.xfs(G).pfnAt(1));
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /**
     * xfs_file_aio_write_checks(): an error of xfs_break_layouts() [05] is returned before anything is
     * written; here break_lease() cannot allocate its breaker lock (ENOMEM) while a MAP_DIRECT lease exists.
     */
    @Test
    void aFailedLayoutBreakFailsTheWrite() {
        Fixture fx = Fixture.boot(failingAllocationIn(WorldConfig.defaults(), "w"));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            fx.map(p0, f, 1, Fixture.DIRECT);
            p0.setFaultScope("w");
            // past EOF: the break's error comes before xfs_zero_eof(), which must not run (nor clear it)
            assertThat(files(fx).write(p0, f, 2 * PAGE, PAGE, 2)).isEqualTo(SysResult.err(Errno.ENOMEM));
            p0.setFaultScope("P0");
            assertThat(fx.inode(F).sizeBytes()).isEqualTo(PAGE);
            assertThat(fx.xfs(F).map().lookup(2)).isNull();
        });
    }

    // ------------------------------------------------------------------ read

    /** xfs_file_dax_read(): each page of the range, in order, and no page at or past EOF. */
    @Test
    void readReturnsThePagesOfTheRangeInOrderUpToEof() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 0);
            for (int i = 0; i < 4; i++) {
                files(fx).write(p0, f, i * PAGE, PAGE, 10 + i).valueOrThrow();
            }
            File file = p0.files().get(f);
            FileOperations ops = file.fOp();
            assertThat(ops.read(file, PAGE, 2 * PAGE).value()).containsExactly(11, 12);
            assertThat(ops.read(file, PAGE + 100, PAGE).value()).containsExactly(11, 12);
            assertThat(ops.read(file, 3 * PAGE - 1, 2).value()).containsExactly(12, 13);
            assertThat(ops.read(file, 0, 10 * PAGE).value()).containsExactly(10, 11, 12, 13);
            assertThat(ops.read(file, 4 * PAGE, PAGE).value()).isEmpty();
        });
    }

    /** A read at an EOF inside a block returns nothing ({@code pos >= i_size}), though the block holds data. */
    @Test
    void readAtAnUnalignedEofReturnsNothing() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 0);
            assertThat(files(fx).write(p0, f, PAGE, 100, 7)).isEqualTo(SysResult.value(100));
            File file = p0.files().get(f);
            assertThat(file.fOp().read(file, PAGE + 100, 10).value()).isEmpty();
            assertThat(file.fOp().read(file, PAGE + 99, 10).value()).containsExactly(7);
            assertThat(files(fx).read(p0, f, PAGE + 100)).isEqualTo(SysResult.value(0));
            assertThat(files(fx).read(p0, f, PAGE + 99)).isEqualTo(SysResult.value(7));
        });
    }

    // ------------------------------------------------------------------ mmap and the f_op table

    /** xfs_file_mmap(): {@code if (IS_DAX(file_inode(filp))) vma->vm_flags |= VM_MIXEDMAP | VM_HUGEPAGE}. */
    @Test
    void daxMappingsAreMixedMapAndHugePageOthersAreNot() {
        int both = Mm.VM_MIXEDMAP | Mm.VM_HUGEPAGE;
        Fixture dax = Fixture.boot();
        Process p0 = dax.owner("P0");
        dax.runAs(p0, () -> {
            long addr = dax.map(p0, dax.createF(p0), 4, Fixture.SHARED);
            assertThat(p0.mm().findVma(addr).vmFlags() & both).isEqualTo(both);
        });
        Fixture plain = Fixture.boot(WorldConfig.defaults().withXfsDax(false));
        Process q0 = plain.owner("Q0");
        plain.runAs(q0, () -> {
            long addr = plain.map(q0, plain.createF(q0), 4, Fixture.SHARED);
            assertThat(q0.mm().findVma(addr).vmFlags() & both).isZero();
        });
    }

    /**
     * {@code xfs_file_operations} has [06]'s {@code .mmap_validate} and (4.15+) {@code .mmap_supported_flags =
     * MAP_SYNC}, as the mmap layer's description of xfs ({@link FileOps#xfs()}) says.
     */
    @Test
    void xfsFileOperationsAgreeWithTheMmapLayer() {
        Fixture fx = Fixture.boot();
        FileOperations ops = fx.world.xfs().superBlock().fileOperations();
        assertThat(ops.hasMmapValidate()).isTrue().isEqualTo(FileOps.xfs().hasMmapValidate());
        assertThat(ops.mmapSupportedFlags()).isEqualTo(MmapFlags.MAP_SYNC).isEqualTo(FileOps.xfs().mmapSupportedFlags());
        assertThat(ops.name()).isEqualTo("xfs_file_operations");
    }

    // ------------------------------------------------------------------ setSize and EOF zeroing

    /** xfs_setattr_size(): {@code if (newsize <= oldsize)} xfs_itruncate_extents() frees what lies beyond, KEEP_SIZE blocks too. */
    @Test
    void truncateToTheSameSizeFreesBlocksBeyondEof() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 2);
            assertThat(files(fx).fallocate(p0, f, KEEP, 4 * PAGE, PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.xfs(F).map().lookup(4)).isNotNull();
            assertThat(files(fx).ftruncate(p0, f, 2 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.xfs(F).map().lookup(4)).isNull();
            assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(2);
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /** Growing the size truncates nothing: a KEEP_SIZE block beyond the new size stays. */
    @Test
    void growingKeepsBlocksBeyondTheNewSize() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            assertThat(files(fx).fallocate(p0, f, KEEP, 8 * PAGE, PAGE)).isEqualTo(SysResult.ok());
            assertThat(files(fx).ftruncate(p0, f, 2 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.xfs(F).map().lookup(8)).isNotNull();
            assertThat(fx.inode(F).sizeBytes()).isEqualTo(2 * PAGE);
        });
    }

    /** truncate_setsize() drops the page cache beyond the new size: truncate then extend reads zeros (non-DAX). */
    @Test
    void nonDaxTruncateThenExtendReadsZeros() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withXfsDax(false));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 2);
            assertThat(files(fx).read(p0, f, PAGE)).isEqualTo(SysResult.value(1));
            assertThat(files(fx).ftruncate(p0, f, PAGE)).isEqualTo(SysResult.ok());
            assertThat(files(fx).ftruncate(p0, f, 2 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(files(fx).read(p0, f, PAGE)).isEqualTo(SysResult.value(0));
            assertThat(fx.xfs(F).pageCache()).doesNotContainKey(1L);
        });
    }

    /**
     * iomap_truncate_page() to an unaligned size in a shared block copies it (seen on 6.18); when no
     * block can be had the error is returned before the size changes (xfs_setattr_size: {@code if (error) return error}).
     */
    @Test
    void truncateIntoASharedBlockFailsWhenTheCopyCannotAllocate() {
        Fixture fx = Fixture.boot(failingAllocationIn(WorldConfig.defaults(), "t"));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 2);
            int g = fx.create(p0, G, 0);
            files(fx).ficlone(p0, g, f).valueOrThrow();
            p0.setFaultScope("t");
            assertThat(files(fx).ftruncate(p0, f, 100)).isEqualTo(SysResult.err(Errno.ENOSPC));
            p0.setFaultScope("P0");
            assertThat(fx.inode(F).sizeBytes()).isEqualTo(2 * PAGE);
            assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(2);
            assertThat(fx.xfs(F).pfnAt(0)).isEqualTo(fx.xfs(G).pfnAt(0));
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /** A truncate to a block boundary zeroes nothing (iomap_truncate_page: no partial block), so it needs no block. */
    @Test
    void truncateToABlockBoundaryOfASharedFileNeedsNoBlock() {
        Fixture fx = Fixture.boot(failingAllocationIn(WorldConfig.defaults(), "t"));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 2);
            int g = fx.create(p0, G, 0);
            files(fx).ficlone(p0, g, f).valueOrThrow();
            p0.setFaultScope("t");
            assertThat(files(fx).ftruncate(p0, f, PAGE)).isEqualTo(SysResult.ok());
            p0.setFaultScope("P0");
            assertThat(fx.inode(F).sizeBytes()).isEqualTo(PAGE);
            assertThat(fx.xfs(F).pfnAt(0)).isEqualTo(fx.xfs(G).pfnAt(0));
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /** A truncate into the middle of a shared block copies it: the file has its own block, both read the old data. */
    @Test
    void truncateIntoASharedBlockUnsharesIt() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 2);
            int g = fx.create(p0, G, 0);
            files(fx).ficlone(p0, g, f).valueOrThrow();
            assertThat(files(fx).ftruncate(p0, f, 100)).isEqualTo(SysResult.ok());
            assertThat(fx.xfs(F).pfnAt(0)).isNotEqualTo(fx.xfs(G).pfnAt(0));
            assertThat(files(fx).read(p0, f, 0)).isEqualTo(SysResult.value(1));
            assertThat(files(fx).read(p0, g, 0)).isEqualTo(SysResult.value(1));
            assertThat(fx.xfs(F).map().mappedBlockCount()).isEqualTo(1);
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /** iomap_zero_range() skips holes and unwritten extents: zeroing an EOF block of either allocates or converts nothing. */
    @Test
    void zeroingAnEofHoleOrUnwrittenBlockChangesNoBlock() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 0);
            assertThat(files(fx).fallocate(p0, f, 0, 0, 2 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(files(fx).ftruncate(p0, f, PAGE + 100)).isEqualTo(SysResult.ok());
            assertThat(fx.xfs(F).map().lookup(1).isUnwritten()).isTrue();
            assertThat(files(fx).ftruncate(p0, f, 3 * PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.xfs(F).map().lookup(1).isUnwritten()).isTrue();
            int g = fx.create(p0, G, 0);
            assertThat(files(fx).ftruncate(p0, g, PAGE + 100)).isEqualTo(SysResult.ok());
            assertThat(files(fx).ftruncate(p0, g, 2 * PAGE + 100)).isEqualTo(SysResult.ok()); // EOF block 1: a hole
            assertThat(files(fx).write(p0, g, 4 * PAGE, PAGE, 2)).isEqualTo(SysResult.value(PAGE)); // EOF block 2: a hole
            assertThat(fx.xfs(G).map().mappedBlockCount()).isEqualTo(1);
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }
}
