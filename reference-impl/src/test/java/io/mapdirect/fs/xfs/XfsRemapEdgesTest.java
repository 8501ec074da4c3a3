package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.G;
import static io.mapdirect.world.Fixture.PAGE;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunResult;
import io.mapdirect.syscalls.FileCalls;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Edges of FICLONE/FICLONERANGE: the range checks of {@code generic_remap_file_range_prep()},
 * {@code generic_remap_checks()} and {@code generic_remap_check_len()} ({@link RemapRange}, called
 * directly where the VFS never passes the input), and {@code xfs_file_remap_range()}'s locking of
 * two inodes in one order, layout breaks of both, write-back, page-cache and mapping invalidation and
 * the destination's size ({@code XfsFileOps.cloneRange}, {@code breakBoth}, {@code remap}).
 */
class XfsRemapEdgesTest {
    private static final int EINVAL = Errno.EINVAL.negative();

    private static RemapRange check(long srcSize, long destSize, long src, long dest, long len, boolean same) {
        return RemapRange.check(srcSize, destSize, src, dest, len, same);
    }

    // ------------------------------------------------------------------ RemapRange (generic_remap_*)

    /** Length 0 clones to the source's EOF: {@code *len = isize - pos_in}. */
    @Test
    void zeroLengthFromAnInnerOffsetClonesTheRestOfTheSource() {
        assertThat(check(3 * PAGE, 0, PAGE, 0, 0, false)).isEqualTo(new RemapRange(0, PAGE, 0, 2 * PAGE));
    }

    /** {@code !IS_ALIGNED(pos_out, bs)}: EINVAL. */
    @Test
    void theDestinationOffsetMustBeBlockAligned() {
        assertThat(check(2 * PAGE, 0, 0, 100, PAGE, false).rc()).isEqualTo(EINVAL);
    }

    /** {@code pos_in >= size_in}: EINVAL, also for a non-zero length. */
    @Test
    void aSourceOffsetAtOrBeyondEofIsRefused() {
        assertThat(check(2 * PAGE, 0, 2 * PAGE, 0, PAGE, false).rc()).isEqualTo(EINVAL);
        assertThat(check(2 * PAGE, 0, 3 * PAGE, 0, PAGE, false).rc()).isEqualTo(EINVAL);
    }

    /** The count is cut to the source's EOF; a cut clone cannot be shortened (no REMAP_FILE_CAN_SHORTEN): EINVAL. */
    @Test
    void aRangePastTheSourceEofIsRefused() {
        assertThat(check(2 * PAGE, 0, PAGE, 0, 2 * PAGE, false).rc()).isEqualTo(EINVAL);
    }

    /**
     * {@code generic_write_check_limits()} cuts the count at {@code s_maxbytes - pos_out}: a range whose
     * destination end passes 2^63 - 1 is cut, hence refused, even when the source is long enough.
     */
    @Test
    void aDestinationEndPastTheLargestSizeIsRefused() {
        long quarter = 1L << 61;
        assertThat(check(Long.MAX_VALUE, 0, 0, 2 * quarter, 3 * quarter, false).rc()).isEqualTo(EINVAL);
    }

    /** A block-aligned range inside both files is cloned as asked ({@code generic_remap_check_len()}: aligned, nothing to do). */
    @Test
    void anAlignedInnerRangeIsClonedAsAsked() {
        assertThat(check(3 * PAGE, 0, 0, 0, PAGE, false)).isEqualTo(new RemapRange(0, 0, 0, PAGE));
        assertThat(check(3 * PAGE, 4 * PAGE, 0, 0, PAGE, false)).isEqualTo(new RemapRange(0, 0, 0, PAGE));
    }

    /** {@code generic_remap_check_len()} refuses a partial EOF block only when it ends before the destination's EOF. */
    @Test
    void aPartialEofBlockMayEndExactlyAtTheDestinationsEof() {
        assertThat(check(PAGE / 2, PAGE / 2, 0, 0, 0, false)).isEqualTo(new RemapRange(0, 0, 0, PAGE / 2));
        assertThat(check(PAGE / 2, PAGE / 2 + 1, 0, 0, 0, false).rc()).isEqualTo(EINVAL);
    }

    /** Same file: {@code pos_out + bcount > pos_in && pos_out < pos_in + bcount} is an overlap; touching ranges are not. */
    @Test
    void sameFileRangesMayTouchButNotOverlap() {
        assertThat(check(4 * PAGE, 4 * PAGE, 0, PAGE, PAGE, true)).isEqualTo(new RemapRange(0, 0, PAGE, PAGE));
        assertThat(check(4 * PAGE, 4 * PAGE, 2 * PAGE, PAGE, PAGE, true)).isEqualTo(new RemapRange(0, 2 * PAGE, PAGE, PAGE));
        assertThat(check(4 * PAGE, 4 * PAGE, 0, PAGE, 2 * PAGE, true).rc()).isEqualTo(EINVAL);
        assertThat(check(4 * PAGE, 4 * PAGE, PAGE, 0, 2 * PAGE, true).rc()).isEqualTo(EINVAL);
        // another file: the same offsets are fine
        assertThat(check(4 * PAGE, 4 * PAGE, 0, PAGE, 2 * PAGE, false)).isEqualTo(new RemapRange(0, 0, PAGE, 2 * PAGE));
    }

    /** A range reaching the source's EOF counts its partial last block whole: {@code bcount = ALIGN(size_in, bs) - pos_in}. */
    @Test
    void sameFileOverlapCountsThePartialEofBlockWhole() {
        long size = 2 * PAGE + 100;
        assertThat(check(size, size, PAGE, 2 * PAGE, 0, true).rc()).isEqualTo(EINVAL);
        assertThat(check(size, size, PAGE, 3 * PAGE, 0, true)).isEqualTo(new RemapRange(0, PAGE, 3 * PAGE, PAGE + 100));
    }

    // ------------------------------------------------------------------ cloneRange / remap through the syscall

    /** {@code xfs_file_remap_range()}: {@code if (ret || len == 0) return ret;} nothing happens, the size stays. */
    @Test
    void zeroLengthCloneAtTheSourcesEofChangesNothing() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 2);
            int g = fx.create(p0, G, 0);
            assertThat(fx.world.files().ficloneRange(p0, g, f, 2 * PAGE, 0, 10 * PAGE)).isEqualTo(SysResult.ok());
        });
        assertThat(fx.inode(G).sizeBytes()).isZero();
    }

    /** {@code xfs_reflink_update_dest()}: the destination grows to the range's end, never shrinks. */
    @Test
    void aCloneIntoTheStartOfALongerFileKeepsItsSize() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 2);
            int g = fx.create(p0, G, 4);
            assertThat(fx.world.files().ficloneRange(p0, g, f, 0, PAGE, 0)).isEqualTo(SysResult.ok());
        });
        assertThat(fx.inode(G).sizeBytes()).isEqualTo(4 * PAGE);
        assertThat(fx.xfs(G).map().lookup(0).shared()).isTrue();
    }

    /** The source's dirty page cache is written back before its blocks are shared ({@code filemap_write_and_wait_range}). */
    @Test
    void nonDaxCloneSeesTheSourcesUnsyncedWrite() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withXfsDax(false));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            FileCalls files = fx.world.files();
            int f = fx.create(p0, F, 1);
            assertThat(files.write(p0, f, 0, PAGE, 7)).isEqualTo(SysResult.value(PAGE));
            int g = fx.create(p0, G, 0);
            assertThat(files.ficlone(p0, g, f)).isEqualTo(SysResult.ok());
            assertThat(files.read(p0, g, 0)).isEqualTo(SysResult.value(7));
        });
    }

    /** The destination's cached pages of the range are dropped ({@code truncate_inode_pages_range}): reads see the clone. */
    @Test
    void nonDaxCloneDropsTheDestinationsCachedPages() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withXfsDax(false));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            FileCalls files = fx.world.files();
            int f = fx.create(p0, F, 1);
            int g = fx.create(p0, G, 1);
            assertThat(files.write(p0, g, 0, PAGE, 9)).isEqualTo(SysResult.value(PAGE));
            assertThat(files.ficlone(p0, g, f)).isEqualTo(SysResult.ok());
            assertThat(files.read(p0, g, 0)).isEqualTo(SysResult.value(1));
        });
    }

    /**
     * After a clone of a range longer than 4096 blocks (sparse): a mapping of the destination shows
     * the cloned block, not its old one, and a store through a mapping of the source taken before
     * the clone copies on write instead of changing the clone (the shared block is no longer
     * writable in place). Both zaps must cover the whole range.
     */
    @Test
    void cloneZapsBothFilesMappingsOverTheWholeRange() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        long blocks = 4097;
        fx.runAs(p0, () -> {
            FileCalls files = fx.world.files();
            int f = fx.create(p0, F, 0);
            assertThat(files.write(p0, f, PAGE, PAGE, 3)).isEqualTo(SysResult.value(PAGE));
            assertThat(files.ftruncate(p0, f, blocks * PAGE)).isEqualTo(SysResult.ok());
            int g = fx.create(p0, G, 2);
            assertThat(files.write(p0, g, PAGE, PAGE, 9)).isEqualTo(SysResult.value(PAGE));
            long fAddr = fx.map(p0, f, 2, Fixture.SHARED);
            long gAddr = fx.map(p0, g, 2, Fixture.SHARED);
            assertThat(fx.world.mm().store(p0, fAddr + PAGE, 3)).isEqualTo(SysResult.ok());
            assertThat(fx.world.mm().load(p0, gAddr + PAGE)).isEqualTo(SysResult.value(9));

            assertThat(files.ficloneRange(p0, g, f, 0, blocks * PAGE, 0)).isEqualTo(SysResult.ok());
            assertThat(fx.world.mm().load(p0, gAddr + PAGE)).isEqualTo(SysResult.value(3));
            assertThat(fx.world.mm().store(p0, fAddr + PAGE, 5)).isEqualTo(SysResult.ok());
            assertThat(files.read(p0, g, PAGE)).isEqualTo(SysResult.value(3));
            assertThat(files.read(p0, f, PAGE)).isEqualTo(SysResult.value(5));
        });
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    /** Same for a one-block clone: the destination's mapping sees the new block. */
    @Test
    void aMappingOfTheDestinationSeesTheClonedBlock() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            int g = fx.create(p0, G, 0);
            assertThat(fx.world.files().write(p0, g, 0, PAGE, 9)).isEqualTo(SysResult.value(PAGE));
            long gAddr = fx.map(p0, g, 1, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, gAddr)).isEqualTo(SysResult.value(9));
            assertThat(fx.world.files().ficlone(p0, g, f)).isEqualTo(SysResult.ok());
            assertThat(fx.world.mm().load(p0, gAddr)).isEqualTo(SysResult.value(1));
        });
    }

    /**
     * A clone refused by the range checks (an overlap within one file) changes nothing: the checks of
     * {@code generic_remap_checks()} come before any write-back or invalidation, so the file's PTEs stay.
     */
    @Test
    void aRefusedSameFileCloneLeavesTheMappingsAlone() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 4);
            long addr = fx.map(p0, f, 4, Fixture.SHARED);
            for (int b = 0; b < 4; b++) {
                assertThat(fx.world.mm().load(p0, addr + b * PAGE)).isEqualTo(SysResult.value(1));
            }
            assertThat(fx.world.files().ficloneRange(p0, f, f, 0, 2 * PAGE, PAGE)).isEqualTo(SysResult.err(Errno.EINVAL));
            for (int b = 0; b < 4; b++) {
                assertThat(p0.mm().pageTable().lookup((addr >>> 12) + b)).as("pte of page %d", b).isNotNull();
            }
        });
    }

    // ------------------------------------------------------------------ locking and layout breaks of two inodes

    /**
     * {@code lock_two_nondirectories()} / {@code xfs_lock_two_inodes()} take two inodes in one fixed
     * order, so two clones in opposite directions cannot deadlock (ABBA), whichever inode a third
     * task holds while they queue.
     */
    @Test
    void opposingClonesDoNotDeadlock() {
        for (String held : new String[] {F, G}) {
            Fixture fx = Fixture.boot();
            Process p0 = fx.owner("P0");
            Process p1 = fx.owner("P1");
            Process p2 = fx.owner("P2");
            fx.runAs(p0, () -> {
                fx.create(p0, F, 1);
                fx.create(p0, G, 1);
            });
            assertThat(fx.inode(F).ino()).isLessThan(fx.inode(G).ino());
            SysResult[] results = new SysResult[2];
            fx.start(p0, () -> {
                fx.inode(held).iRwsem().downWrite();
                fx.sleepNs(SEC);
                fx.inode(held).iRwsem().upWrite();
            });
            fx.start(p1, () -> {
                fx.sleepNs(1);
                int f = fx.open(p1, F, OpenFlags.O_RDWR);
                int g = fx.open(p1, G, OpenFlags.O_RDWR);
                results[0] = fx.world.files().ficlone(p1, f, g);
            });
            fx.start(p2, () -> {
                fx.sleepNs(2);
                int f = fx.open(p2, F, OpenFlags.O_RDWR);
                int g = fx.open(p2, G, OpenFlags.O_RDWR);
                results[1] = fx.world.files().ficlone(p2, g, f);
            });
            RunResult run = fx.world.run();
            assertThat(run.completed()).as("holding %s: %s", held, run.outcome().describe()).isTrue();
            assertThat(results).containsOnly(SysResult.ok());
        }
    }

    /** Returns when a clone ({@code dst} from {@code src}) returned, with a MAP_DIRECT mapping of {@code mapped} held by P0. */
    private static long cloneDoneAtNs(String dst, String src, String mapped) {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] doneAtNs = {-1};
        fx.runAs(p0, () -> {
            fx.create(p0, F, 1);
            fx.create(p0, G, 1);
        });
        fx.start(p0, () -> fx.map(p0, fx.open(p0, mapped, OpenFlags.O_RDWR), 1, Fixture.DIRECT));
        fx.start(p1, () -> {
            fx.sleepNs(1);
            int d = fx.open(p1, dst, OpenFlags.O_RDWR);
            int s = fx.open(p1, src, OpenFlags.O_RDWR);
            assertThat(fx.world.files().ficlone(p1, d, s)).isEqualTo(SysResult.ok());
            doneAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        return doneAtNs[0];
    }

    /** The clone changes both block maps (blocks become shared): it breaks the layouts of both, whichever is locked second. */
    @Test
    void aCloneBreaksTheLayoutsOfBothFiles() {
        long breakNs = 45 * SEC;
        assertThat(cloneDoneAtNs(F, G, G)).as("source locked second").isEqualTo(1 + breakNs);
        assertThat(cloneDoneAtNs(G, F, G)).as("destination locked second").isEqualTo(1 + breakNs);
        assertThat(cloneDoneAtNs(G, F, F)).as("first").isEqualTo(1 + breakNs);
    }

    /** The 2019 RFC's rule: reflinking into or from a file with pinned pages fails with ETXTBSY, for the inode locked second too. */
    @Test
    void layoutLeaseRfcRefusesACloneWhenTheSecondInodeIsPinned() {
        Fixture fx = Fixture.boot(Fixture.withPolicy(Policy.v8().withLongTermPin(Policy.LongTermPin.LAYOUT_LEASE)));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.create(p0, F, 1);
            int g = fx.create(p0, G, 1);
            fx.world.pins().pin(fx.xfs(G).pfnAt(0), true);
            assertThat(fx.world.files().ficlone(p0, g, f)).isEqualTo(SysResult.err(Errno.ETXTBSY));
            assertThat(fx.world.files().ficlone(p0, f, g)).isEqualTo(SysResult.err(Errno.ETXTBSY));
        });
        assertThat(fx.xfs(G).map().lookup(0).shared()).isFalse();
    }

    private static WorldConfig breakAllocFails(boolean posted) {
        WorldConfig base = Fixture.failingAllocation("clone", 1);
        return posted ? base.withKernel(base.kernel().withReverted(Set.of(Repair.MMAPLOCK_ACROSS_BREAK))) : base;
    }

    /**
     * An error of the first inode's layout break (ENOMEM allocating the breaker's lock) aborts the
     * clone: nothing is shared, and the locks stay balanced (as posted too, where the second inode's
     * MMAPLOCK is taken without a break): both files can be truncated afterwards.
     */
    @Test
    void aFailedLayoutBreakAbortsTheClone() {
        for (boolean posted : new boolean[] {false, true}) {
            Fixture fx = Fixture.boot(breakAllocFails(posted));
            Process p0 = fx.owner("P0");
            Process p1 = fx.owner("P1");
            SysResult[] result = new SysResult[1];
            fx.runAs(p0, () -> {
                int f = fx.create(p0, F, 1);
                fx.create(p0, G, 0);
                fx.map(p0, f, 1, Fixture.DIRECT);
            });
            fx.runAs(p1, () -> {
                int f = fx.open(p1, F, OpenFlags.O_RDWR);
                int g = fx.open(p1, G, OpenFlags.O_RDWR);
                p1.setFaultScope("clone");
                result[0] = fx.world.files().ficlone(p1, g, f);
                p1.setFaultScope(null);
            });
            assertThat(result[0]).as("posted=%s", posted).isEqualTo(SysResult.err(Errno.ENOMEM));
            assertThat(fx.inode(G).sizeBytes()).isZero();
            assertThat(fx.xfs(F).map().lookup(0).shared()).isFalse();
            fx.runAs(p1, () -> {
                int g = fx.open(p1, G, OpenFlags.O_RDWR);
                assertThat(fx.world.files().ftruncate(p1, g, PAGE)).isEqualTo(SysResult.ok());
            });
        }
    }

    /** As posted: a clone within one file breaks (and takes the MMAPLOCK of) that inode once, also when the break fails. */
    @Test
    void aSameFileCloneLocksAndBreaksItsInodeOnce() {
        for (boolean failing : new boolean[] {false, true}) {
            WorldConfig posted = failing ? breakAllocFails(true)
                    : WorldConfig.defaults().withKernel(WorldConfig.defaults().kernel().withReverted(Set.of(Repair.MMAPLOCK_ACROSS_BREAK)));
            Fixture fx = Fixture.boot(posted);
            Process p0 = fx.owner("P0");
            Process p1 = fx.owner("P1");
            fx.runAs(p0, () -> fx.map(p0, fx.create(p0, F, 3), 1, Fixture.DIRECT));
            SysResult[] result = new SysResult[1];
            fx.start(p1, () -> {
                int f = fx.open(p1, F, OpenFlags.O_RDWR);
                p1.setFaultScope("clone");
                result[0] = fx.world.files().ficloneRange(p1, f, f, 0, PAGE, 2 * PAGE);
                p1.setFaultScope(null);
            });
            RunResult run = fx.world.run();
            assertThat(run.completed()).as("failing=%s: %s", failing, run.outcome().describe()).isTrue();
            assertThat(result[0]).isEqualTo(failing ? SysResult.err(Errno.ENOMEM) : SysResult.ok());
        }
    }
}
