package io.mapdirect.fs.xfs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.G;
import static io.mapdirect.world.Fixture.PAGE;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.Pte;
import io.mapdirect.proc.Process;
import io.mapdirect.world.Fixture;
import org.junit.jupiter.api.Test;

/**
 * {@code xfs_file_vm_ops} (spec §2.3, [03] [25] [29]): DAX read faults map the zero page for holes,
 * write faults allocate, convert or copy on write, beyond EOF is SIGBUS, and a block-map-changing
 * fault breaks layout leases like any other breaker (or, with REFLINK_MISSED, sneaks past them).
 */
class XfsFaultsTest {
    private static final SysResult SIGBUS = SysResult.signal(Signal.SIGBUS);

    @Test
    void readFaultsMapTheZeroPageAndWriteFaultsAllocateOrConvert() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 1);
            fx.world.files().fallocate(p0, fd, 0, PAGE, PAGE).valueOrThrow();
            fx.world.files().ftruncate(p0, fd, 3 * PAGE).valueOrThrow();
            long addr = fx.map(p0, fd, 4, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr + 2 * PAGE)).isEqualTo(SysResult.value(0));
            assertThat(p0.mm().pageTable().lookup((addr >>> 12) + 2).isZeroPage()).isTrue();
            assertThat(fx.world.mm().flush(p0, addr + 2 * PAGE, PAGE)).isEqualTo(SysResult.ok());
            assertThat(fx.world.mm().store(p0, addr + 2 * PAGE, 4)).isEqualTo(SysResult.ok()); // allocates
            assertThat(fx.world.mm().store(p0, addr + PAGE, 5)).isEqualTo(SysResult.ok()); // converts
            assertThat(fx.world.mm().load(p0, addr + 3 * PAGE)).isEqualTo(SIGBUS); // beyond EOF
        });
        assertThat(fx.xfs(F).map().lookup(1).isWritten()).isTrue();
        assertThat(fx.xfs(F).map().lookup(2).isWritten()).isTrue();
        assertThat(fx.blockAccountingErrors()).isEmpty();
    }

    @Test
    void writeFaultOnAReflinkedBlockCopiesIt() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.createF(p0);
            int g = fx.create(p0, G, 0);
            fx.world.files().ficlone(p0, g, f).valueOrThrow();
            long addr = fx.map(p0, f, 4, Fixture.SHARED);
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(1));
            assertThat(fx.world.mm().store(p0, addr, 2)).isEqualTo(SysResult.ok());
            assertThat(fx.world.files().read(p0, g, 0)).isEqualTo(SysResult.value(1));
        });
        assertThat(fx.xfs(F).pfnAt(0)).isNotEqualTo(fx.xfs(G).pfnAt(0));
    }

    /**
     * spec §5 REFLINK_MISSED [25]: copy-on-write of a reflinked block under a MAP_DIRECT mapping
     * changes the block map at once, with no break; fixed, it waits for the lease like S9.
     */
    @Test
    void copyOnWriteFaultBreaksTheLayoutUnlessTheCheckIsMissed() {
        assertThat(cowStoreDoneAtNs(Fixture.boot())).isEqualTo(1 + 45 * SEC);
        assertThat(cowStoreDoneAtNs(Fixture.boot(Fixture.withBugs(KnownBug.REFLINK_MISSED)))).isEqualTo(1);
    }

    private static long cowStoreDoneAtNs(Fixture fx) {
        Process p0 = fx.owner("P0");
        Process p2 = fx.owner("P2");
        long[] doneAtNs = {-1};
        fx.start(p0, () -> {
            int f = fx.createF(p0);
            int g = fx.create(p0, G, 0);
            fx.world.files().ficlone(p0, g, f).valueOrThrow();
            fx.map(p0, f, 4, Fixture.DIRECT);
        });
        fx.start(p2, () -> {
            fx.sleepNs(1);
            long addr = fx.map(p2, fx.open(p2, F, OpenFlags.O_RDWR), 4, Fixture.SHARED);
            assertThat(fx.world.mm().store(p2, addr, 3)).isEqualTo(SysResult.ok());
            doneAtNs[0] = fx.nowNs();
        });
        fx.runCompleted();
        return doneAtNs[0];
    }

    /** pmem full: the allocating fault's iomap_begin fails with ENOSPC, the access with SIGBUS. */
    @Test
    void allocatingFaultWithoutSpaceIsSigbus() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 0);
            fx.world.files().ftruncate(p0, fd, 2 * PAGE).valueOrThrow();
            int g = fx.create(p0, G, 0);
            fx.world.files().write(p0, g, 0, 64 * PAGE, 1).valueOrThrow();
            long addr = fx.map(p0, fd, 2, Fixture.SHARED);
            assertThat(fx.world.mm().store(p0, addr, 1)).isEqualTo(SIGBUS);
        });
        assertThat(fx.xfs(F).map().mappedBlockCount()).isZero();
    }

    /** A failed allocation in the fault's non-blocking layout break is VM_FAULT_OOM, delivered as SIGBUS. */
    @Test
    void failedBreakAllocationInAFaultIsOom() {
        Fixture fx = Fixture.boot(Fixture.failingAllocation("fault", 1));
        Process p0 = fx.owner("P0");
        Process p2 = fx.owner("P2");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 1);
            fx.world.files().ftruncate(p0, fd, 2 * PAGE).valueOrThrow();
            fx.map(p0, fd, 2, Fixture.DIRECT);
        });
        fx.runAs(p2, () -> {
            long addr = fx.map(p2, fx.open(p2, F, OpenFlags.O_RDWR), 2, Fixture.SHARED);
            p2.setFaultScope("fault");
            assertThat(fx.world.mm().store(p2, addr + PAGE, 3)).isEqualTo(SIGBUS);
        });
        assertThat(p0.count(Signal.SIGIO)).isZero();
    }

    /** A private mapping's write fault copies the file page into DRAM; the file is untouched. */
    @Test
    void privateWriteFaultCopiesIntoDram() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            long addr = fx.map(p0, fd, 4, io.mapdirect.mm.MmapFlags.MAP_PRIVATE);
            assertThat(fx.world.mm().store(p0, addr, 8)).isEqualTo(SysResult.ok());
            assertThat(fx.world.mm().load(p0, addr)).isEqualTo(SysResult.value(8));
            Pte pte = p0.mm().pageTable().lookup(addr >>> 12);
            assertThat(fx.world.memory().isDram(pte.pfn())).isTrue();
            assertThat(fx.world.files().read(p0, fd, 0)).isEqualTo(SysResult.value(1));
        });
    }
}
