package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.Pte;
import io.mapdirect.proc.Process;
import io.mapdirect.syscalls.FileCalls;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Edges of {@code xfs_file_vm_ops} ({@link XfsFaults}): a DAX read fault on an UNWRITTEN block maps
 * the zero page, never the block's stale content ({@code dax_load_hole()}); a write fault that
 * replaces the zero page unmaps it from every other mapping ({@code dax_insert_entry()}), while one
 * on a written block leaves the other mappings' PTEs alone; the page-cache fault of a non-DAX inode
 * ({@code filemap_fault()}) and its VM_FAULT_OOM; and [29]'s bail-out of an allocating fault on a
 * layout break when the model's retry repair is reverted.
 */
class XfsFaultsEdgesTest {
    private static final SysResult SIGBUS = SysResult.signal(Signal.SIGBUS);

    private static Pte pte(Process process, long addr) {
        return process.mm().pageTable().lookup(addr >>> 12);
    }

    @Test
    void readFaultOnAnUnwrittenBlockMapsTheZeroPageNotTheStaleBlock() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 2);
            long oldPfn = fx.xfs(F).pfnAt(1);
            fx.world.files().fallocate(p0, fd, FileCalls.FALLOC_FL_PUNCH_HOLE | FileCalls.FALLOC_FL_KEEP_SIZE,
                    PAGE, PAGE).valueOrThrow();
            fx.world.files().fallocate(p0, fd, 0, PAGE, PAGE).valueOrThrow();
            // the most recently freed block comes back UNWRITTEN, still holding the old data
            assertThat(fx.xfs(F).map().lookup(1).isUnwritten()).isTrue();
            assertThat(fx.xfs(F).pfnAt(1)).isEqualTo(oldPfn);
            assertThat(fx.world.memory().cpuLoad(oldPfn)).isEqualTo(1);
            long addr = fx.map(p0, fd, 2, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr + PAGE)).isEqualTo(SysResult.value(0));
            assertThat(pte(p0, addr + PAGE).isZeroPage()).isTrue();
        });
    }

    /** Two processes map a file whose block 1 is a hole ({@code hole}) or UNWRITTEN; P0 reads it first. */
    private static void writeFaultReplacingTheZeroPage(boolean hole) {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] addr0 = new long[1];
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 1);
            if (hole) {
                fx.world.files().ftruncate(p0, fd, 2 * PAGE).valueOrThrow();
            } else {
                fx.world.files().fallocate(p0, fd, 0, PAGE, PAGE).valueOrThrow();
            }
            addr0[0] = fx.map(p0, fd, 2, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr0[0] + PAGE)).isEqualTo(SysResult.value(0));
            assertThat(pte(p0, addr0[0] + PAGE).isZeroPage()).isTrue();
        });
        fx.runAs(p1, () -> {
            long addr1 = fx.map(p1, fx.open(p1, F, OpenFlags.O_RDWR), 2, Fixture.SHARED);
            assertThat(fx.world.mm().store(p1, addr1 + PAGE, 7)).isEqualTo(SysResult.ok());
        });
        fx.runAs(p0, () -> {
            Pte stale = pte(p0, addr0[0] + PAGE);
            assertThat(stale == null || !stale.isZeroPage()).as("P0 still maps the zero page: %s", stale).isTrue();
            assertThat(fx.world.mm().load(p0, addr0[0] + PAGE)).isEqualTo(SysResult.value(7));
        });
    }

    @Test
    void allocatingWriteFaultUnmapsTheZeroPageFromEveryMapping() {
        writeFaultReplacingTheZeroPage(true);
    }

    @Test
    void convertingWriteFaultUnmapsTheZeroPageFromEveryMapping() {
        writeFaultReplacingTheZeroPage(false);
    }

    @Test
    void writeFaultOnAWrittenBlockLeavesTheOtherMappingsPte() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        long[] addr0 = new long[1];
        fx.runAs(p0, () -> {
            addr0[0] = fx.map(p0, fx.createF(p0), 4, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr0[0])).isEqualTo(SysResult.value(1));
        });
        long pfn = fx.xfs(F).pfnAt(0);
        assertThat(pte(p0, addr0[0])).isEqualTo(new Pte(pfn, false));
        fx.runAs(p1, () -> {
            long addr1 = fx.map(p1, fx.open(p1, F, OpenFlags.O_RDWR), 4, Fixture.SHARED);
            assertThat(fx.world.mm().store(p1, addr1, 5)).isEqualTo(SysResult.ok());
        });
        // no block-map change: dax_insert_entry() unmaps nothing, P0 keeps its translation
        assertThat(fx.xfs(F).pfnAt(0)).isEqualTo(pfn);
        assertThat(pte(p0, addr0[0])).isEqualTo(new Pte(pfn, false));
    }

    @Test
    void nonDaxFaultMapsAPageCachePage() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withXfsDax(false));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 4, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr + PAGE)).isEqualTo(SysResult.value(1));
            Pte pte = pte(p0, addr + PAGE);
            assertThat(fx.world.memory().isDram(pte.pfn())).isTrue();
            assertThat(pte.pfn()).isEqualTo(fx.xfs(F).pfnAt(1));
        });
    }

    @Test
    void nonDaxFaultWithoutAFreePageIsOom() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withXfsDax(false));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 1);
            fx.world.files().ftruncate(p0, fd, 2 * PAGE).valueOrThrow();
            long addr = fx.map(p0, fd, 2, Fixture.SHARED);
            while (fx.world.memory().allocateDramPage() >= 0) {
                // memory pressure: every DRAM page is taken
            }
            // page_cache_read() cannot allocate: filemap_fault() returns VM_FAULT_OOM (the model: SIGBUS)
            assertThat(fx.world.mm().load(p0, addr + PAGE)).isEqualTo(SIGBUS);
            assertThat(fx.xfs(F).pfnAt(1)).isEqualTo(-1);
            assertThat(pte(p0, addr + PAGE)).isNull();
            // the cached page still faults in
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(1));
        });
    }

    /** [29] as proposed (ALLOC_FAULT_RETRIES reverted): the allocating fault starts the break and bails. */
    @Test
    void allocatingFaultBailsOnALayoutBreakWithoutTheRetryRepair() {
        WorldConfig defaults = WorldConfig.defaults();
        Fixture fx = Fixture.boot(defaults.withKernel(defaults.kernel().withReverted(Set.of(Repair.ALLOC_FAULT_RETRIES))));
        Process p0 = fx.owner("P0");
        Process p2 = fx.owner("P2");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 1);
            fx.world.files().ftruncate(p0, fd, 2 * PAGE).valueOrThrow();
            fx.map(p0, fd, 2, Fixture.DIRECT);
        });
        fx.runAs(p2, () -> {
            long addr = fx.map(p2, fx.open(p2, F, OpenFlags.O_RDWR), 2, Fixture.SHARED);
            assertThat(fx.world.mm().store(p2, addr + PAGE, 3)).isEqualTo(SIGBUS);
        });
        assertThat(fx.xfs(F).map().lookup(1)).isNull();
        assertThat(fx.world.kernel().probes().count("allocating fault bails on a layout break")).isEqualTo(1);
        assertThat(fx.world.kernel().probes().count("allocating fault waits for layout break")).isZero();
    }
}
