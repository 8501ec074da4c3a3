package io.mapdirect.mm;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.syscalls.MemoryCalls;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import org.junit.jupiter.api.Test;

/**
 * VMA surgery ({@code mm/mmap.c}, {@code mm/mprotect.c}, {@code mm/msync.c}): munmap, mprotect and
 * msync with the kernel's unsigned ranges and errno order (regressions: wrapping ranges threw Java
 * exceptions), splits and their allocation failures, MAP_FIXED, unsigned mmap offsets (a negative
 * {@code pgoff} crashed the fault path) and anonymous memory.
 */
class VmaSurgeryTest {
    private static final SysResult EINVAL = SysResult.err(Errno.EINVAL);
    private static final SysResult ENOMEM = SysResult.err(Errno.ENOMEM);

    private static MemoryCalls mm(Fixture fx) {
        return fx.world.mm();
    }

    @Test
    void munmapArgumentsAreUnsignedAsInTheKernel() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 4, Fixture.SHARED);
            assertThat(mm(fx).munmap(p0, addr + 1, PAGE)).isEqualTo(EINVAL);
            assertThat(mm(fx).munmap(p0, addr, 0)).isEqualTo(EINVAL);
            assertThat(mm(fx).munmap(p0, addr, -1)).isEqualTo(EINVAL);
            assertThat(mm(fx).munmap(p0, addr, Long.MAX_VALUE)).isEqualTo(EINVAL);
            assertThat(mm(fx).munmap(p0, -PAGE, PAGE)).isEqualTo(EINVAL);
            assertThat(mm(fx).munmap(p0, Mm.TASK_SIZE - PAGE, PAGE)).isEqualTo(SysResult.ok());
            assertThat(mm(fx).munmap(p0, addr + PAGE, 2 * PAGE - 5)).isEqualTo(SysResult.ok());
            assertThat(p0.mm().vmas()).extracting(Vma::pages).containsExactly(1L, 1L);
            assertThat(p0.mm().vmas().get(1).pgoff()).isEqualTo(3);
        });
    }

    /** do_mprotect_pkey's order: alignment, zero length, wrap (ENOMEM) before unknown bits (EINVAL), holes, EACCES. */
    @Test
    void mprotectChecksInTheKernelsOrder() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            int rdonly = fx.open(p0, F, OpenFlags.O_RDONLY);
            long addr = fx.map(p0, fd, 4, Fixture.SHARED);
            long ro = mm(fx).mmap(p0, 0, PAGE, MmapFlags.PROT_READ, MmapFlags.MAP_SHARED, rdonly, 0).valueOrThrow();
            assertThat(mm(fx).mprotect(p0, addr + 1, PAGE, MmapFlags.PROT_READ)).isEqualTo(EINVAL);
            assertThat(mm(fx).mprotect(p0, addr, 0, 0x100)).isEqualTo(SysResult.ok());
            assertThat(mm(fx).mprotect(p0, addr, -PAGE, 0x100)).isEqualTo(ENOMEM);
            assertThat(mm(fx).mprotect(p0, addr, PAGE, 0x100)).isEqualTo(EINVAL);
            assertThat(mm(fx).mprotect(p0, Long.MAX_VALUE - PAGE + 1, 2 * PAGE, MmapFlags.PROT_READ)).isEqualTo(ENOMEM);
            assertThat(mm(fx).mprotect(p0, addr, 0x7fff_ffff_0000_0000L, MmapFlags.PROT_READ)).isEqualTo(ENOMEM);
            assertThat(mm(fx).mprotect(p0, addr + 8 * PAGE, PAGE, MmapFlags.PROT_READ)).isEqualTo(ENOMEM);
            assertThat(mm(fx).mprotect(p0, ro, PAGE, Fixture.RW)).isEqualTo(SysResult.err(Errno.EACCES));
            assertThat(mm(fx).store(p0, addr, 3)).isEqualTo(SysResult.ok());
            assertThat(mm(fx).mprotect(p0, addr, PAGE, MmapFlags.PROT_READ)).isEqualTo(SysResult.ok());
            assertThat(mm(fx).store(p0, addr, 4)).isEqualTo(SysResult.signal(Signal.SIGSEGV));
            assertThat(mm(fx).load(p0, addr)).isEqualTo(SysResult.value(3));
            assertThat(mm(fx).mprotect(p0, addr + PAGE, PAGE, MmapFlags.PROT_NONE)).isEqualTo(SysResult.ok());
            assertThat(mm(fx).load(p0, addr + PAGE)).isEqualTo(SysResult.signal(Signal.SIGSEGV));
            assertThat(mm(fx).mprotect(p0, addr, 4 * PAGE, Fixture.RW)).isEqualTo(SysResult.ok());
            assertThat(mm(fx).store(p0, addr, 5)).isEqualTo(SysResult.ok());
        });
        assertThat(p0.count(Signal.SIGSEGV)).isEqualTo(2);
    }

    /** msync's order: flags, alignment, ASYNC|SYNC (EINVAL); wrap (ENOMEM); empty (0); holes (ENOMEM, the rest still synced). */
    @Test
    void msyncChecksInTheKernelsOrder() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 2, Fixture.SHARED);
            long anon = mm(fx).mmap(p0, 0, PAGE, Fixture.RW, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS, -1, 0)
                    .valueOrThrow();
            int sync = MemoryCalls.MS_SYNC;
            assertThat(mm(fx).msync(p0, addr, PAGE, 8)).isEqualTo(EINVAL);
            assertThat(mm(fx).msync(p0, addr + 1, PAGE, sync)).isEqualTo(EINVAL);
            assertThat(mm(fx).msync(p0, addr, PAGE, MemoryCalls.MS_ASYNC | sync)).isEqualTo(EINVAL);
            assertThat(mm(fx).msync(p0, addr, -PAGE, sync)).isEqualTo(ENOMEM);
            assertThat(mm(fx).msync(p0, addr, 0, sync)).isEqualTo(SysResult.ok());
            assertThat(mm(fx).msync(p0, addr, 2 * PAGE, MemoryCalls.MS_INVALIDATE)).isEqualTo(SysResult.ok());
            assertThat(mm(fx).msync(p0, addr - PAGE, 3 * PAGE, sync)).isEqualTo(ENOMEM);
            assertThat(mm(fx).msync(p0, addr, 4 * PAGE, sync)).isEqualTo(ENOMEM);
            assertThat(mm(fx).msync(p0, Mm.TASK_SIZE, PAGE, sync)).isEqualTo(ENOMEM);
            assertThat(mm(fx).msync(p0, addr, Long.MAX_VALUE - addr, sync)).isEqualTo(ENOMEM);
            assertThat(mm(fx).msync(p0, anon, PAGE, sync)).isEqualTo(SysResult.ok());
        });
    }

    /** __split_vma and mmap_region allocate a VMA; a failure is ENOMEM with nothing changed. */
    @Test
    void vmaAllocationFailuresAreEnomem() {
        Fixture fx = Fixture.boot(Fixture.failingAllocation("split", 1));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            long addr = fx.map(p0, fx.createF(p0), 4, Fixture.SHARED);
            p0.setFaultScope("split");
            assertThat(mm(fx).munmap(p0, addr + PAGE, PAGE)).isEqualTo(ENOMEM);
            assertThat(p0.mm().vmas()).hasSize(1);
            p0.setFaultScope("other");
        });
        Fixture fx2 = Fixture.boot(Fixture.failingAllocation("split", 2));
        Process q0 = fx2.owner("P0");
        fx2.runAs(q0, () -> {
            long addr = fx2.map(q0, fx2.createF(q0), 4, Fixture.SHARED);
            q0.setFaultScope("split");
            assertThat(mm(fx2).mprotect(q0, addr + PAGE, PAGE, MmapFlags.PROT_READ)).isEqualTo(ENOMEM);
            assertThat(mm(fx2).store(q0, addr + 2 * PAGE, 1)).isEqualTo(SysResult.ok());
        });
    }

    /** MAP_FIXED replaces what was mapped; a huge unsigned offset maps, and its faults are beyond EOF (regression). */
    @Test
    void mapFixedAndHugeOffsets() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            long addr = fx.map(p0, fd, 4, Fixture.SHARED);
            long fixed = mm(fx).mmap(p0, addr + PAGE, PAGE, Fixture.RW, MmapFlags.MAP_SHARED | MmapFlags.MAP_FIXED, fd,
                    3 * PAGE).valueOrThrow();
            assertThat(fixed).isEqualTo(addr + PAGE);
            assertThat(p0.mm().vmas()).hasSize(3);
            long huge = mm(fx).mmap(p0, 0, PAGE, Fixture.RW, MmapFlags.MAP_SHARED, fd, -PAGE).valueOrThrow();
            assertThat(p0.mm().findVma(huge).pgoff()).isEqualTo(-PAGE >>> 12);
            assertThat(mm(fx).load(p0, huge)).isEqualTo(SysResult.signal(Signal.SIGBUS));
            assertThat(mm(fx).load(p0, 0)).isEqualTo(SysResult.signal(Signal.SIGSEGV));
            assertThat(mm(fx).flush(p0, addr, 0)).isEqualTo(SysResult.ok());
            assertThat(mm(fx).flush(p0, huge, PAGE)).isEqualTo(SysResult.signal(Signal.SIGBUS));
        });
    }

    /** Anonymous memory faults in DRAM pages; out of DRAM the fault is VM_FAULT_OOM, delivered as SIGBUS (model choice). */
    @Test
    void anonymousMemoryAndDramExhaustion() {
        WorldConfig small = new WorldConfig(WorldConfig.defaults().kernel(), true, java.util.List.of(), 2,
                java.util.List.of(), 2_000_000L, 3_600_000_000_000L, WorldConfig.defaults().rdma());
        Fixture fx = Fixture.boot(small);
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            long anon = mm(fx).mmap(p0, 0, 4 * PAGE, Fixture.RW, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS, -1, 0)
                    .valueOrThrow();
            assertThat(mm(fx).load(p0, anon)).isEqualTo(SysResult.value(0));
            assertThat(mm(fx).store(p0, anon + PAGE, 2)).isEqualTo(SysResult.ok());
            assertThat(mm(fx).store(p0, anon + 2 * PAGE, 2)).isEqualTo(SysResult.signal(Signal.SIGBUS));
            long file = fx.map(p0, fx.createF(p0), 1, MmapFlags.MAP_PRIVATE);
            assertThat(mm(fx).store(p0, file, 2)).isEqualTo(SysResult.signal(Signal.SIGBUS)); // no page for the copy
        });
        assertThat(fx.world.memory().dramPagesUsed()).isEqualTo(2);
    }

    @Test
    void unmappedAreaIsFirstFitAndRunsOut() {
        Fixture fx = Fixture.boot();
        MmStruct mm = fx.owner("P0").mm();
        assertThat(mm.getUnmappedArea(PAGE)).isEqualTo(MmStruct.MMAP_BASE);
        assertThat(mm.getUnmappedArea(Long.MAX_VALUE)).isEqualTo(Errno.ENOMEM.negative());
        assertThat(mm.overlaps(0, PAGE)).isFalse();
        assertThat(Mm.pagesFor(0)).isZero();
        assertThat(Mm.pagesFor(Long.MAX_VALUE)).isEqualTo(1L << 51);
        assertThat(Mm.userRange(Mm.TASK_SIZE, 0)).isTrue();
        assertThat(Mm.userRange(Mm.TASK_SIZE, 1)).isFalse();
    }
}
