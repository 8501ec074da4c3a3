package io.mapdirect.mm;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.KernelConfig;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.FaultPlan;
import io.mapdirect.sim.VirtualClock;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code get_user_pages()} (mm/gup.c) as registration and O_DIRECT use it. */
class GupTest {
    static final long PAGE = Mm.PAGE_SIZE;
    static final int RW = MmapFlags.PROT_READ | MmapFlags.PROT_WRITE;

    private static WorldConfig config(Policy policy) {
        WorldConfig defaults = WorldConfig.defaults();
        return defaults.withKernel(defaults.kernel().withPolicy(policy))
                .withDevdax(List.of(new WorldConfig.DevDax("dax0", 2, 1000)));
    }

    private static World run(WorldConfig config, BiConsumer<World, Process> body) {
        World world = World.boot(config);
        Process p0 = world.process("P0", Creds.user(1000));
        world.start(p0, () -> body.accept(world, p0));
        assertThat(world.run().completed()).isTrue();
        return world;
    }

    /** GUP as a registration calls it: mmap lock held for read around the call. */
    private static KResult<List<Gup.UserPage>> gup(World world, Process p, long start, long npages, int flags) {
        MmStruct mm = p.mm();
        mm.mmapLock().downRead();
        try {
            return world.gup().getUserPages(mm, start, npages, flags);
        } finally {
            mm.mmapLock().upRead();
        }
    }

    /** f of {@code blocks} written blocks on the DAX filesystem, opened O_RDWR; returns the fd. */
    private static int file(World world, Process p, String path, int blocks) {
        int fd = (int) world.files().open(p, path, OpenFlags.O_RDWR | OpenFlags.O_CREAT).valueOrThrow();
        if (blocks > 0) {
            world.files().write(p, fd, 0, blocks * PAGE, 1);
        }
        return fd;
    }

    @Test
    @DisplayName("check_vma_flags: no VMA, a write to a read-only VMA, a read of a PROT_NONE VMA are EFAULT; pins taken before the failure are dropped")
    void efaultCases() {
        World world = run(config(Policy.v8()), (w, p) -> {
            long anon = w.mm().mmap(p, 0, 2 * PAGE, RW, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS, -1, 0).valueOrThrow();
            assertThat(gup(w, p, anon, 3, Gup.FOLL_WRITE).errno()).isEqualTo(Errno.EFAULT);
            assertThat(w.pins().all()).isEmpty();
            w.mm().mprotect(p, anon, PAGE, MmapFlags.PROT_READ);
            assertThat(gup(w, p, anon, 1, Gup.FOLL_WRITE).errno()).isEqualTo(Errno.EFAULT);
            assertThat(gup(w, p, anon, 1, 0).isErr()).isFalse();
            w.mm().mprotect(p, anon, PAGE, MmapFlags.PROT_NONE);
            assertThat(gup(w, p, anon, 1, 0).errno()).isEqualTo(Errno.EFAULT);
        });
        assertThat(world.pins().all()).hasSize(1);
    }

    @Test
    @DisplayName("a fault that raises SIGBUS (beyond EOF) is EFAULT; a read of a DAX hole maps the zero page, which the model cannot pin: EFAULT")
    void sigbusAndZeroPage() {
        run(config(Policy.v8()), (w, p) -> {
            int fd = file(w, p, "/xfs/f", 1);
            w.files().fallocate(p, fd, 0, PAGE, PAGE);
            w.files().truncate(p, "/xfs/f", 3 * PAGE);
            long addr = w.mm().mmap(p, 0, 4 * PAGE, RW, MmapFlags.MAP_SHARED, fd, 0).valueOrThrow();
            assertThat(gup(w, p, addr + 3 * PAGE, 1, Gup.FOLL_WRITE).errno()).isEqualTo(Errno.EFAULT);
            assertThat(gup(w, p, addr + 2 * PAGE, 1, 0).errno()).isEqualTo(Errno.EFAULT);
            KResult<List<Gup.UserPage>> written = gup(w, p, addr, 2, Gup.FOLL_WRITE);
            assertThat(written.value()).extracting(Gup.UserPage::writable).containsExactly(true, true);
            w.gup().putPages(written.value(), false);
        });
    }

    @Test
    @DisplayName("FOLL_LONGTERM under merged Linux's rule: fs-DAX EOPNOTSUPP, device-dax and a short-term pin of fs-DAX allowed; the 2017 rule allows all")
    void longTermPinOfFsDax() {
        Policy upstream = Policy.v8().withLongTermPin(Policy.LongTermPin.REFUSE_FS_DAX);
        for (Policy policy : List.of(upstream, Policy.v8())) {
            World world = run(config(policy), (w, p) -> {
                int fd = file(w, p, "/xfs/f", 2);
                long addr = w.mm().mmap(p, 0, 2 * PAGE, RW, MmapFlags.MAP_SHARED, fd, 0).valueOrThrow();
                KResult<List<Gup.UserPage>> longTerm = gup(w, p, addr, 2, Gup.FOLL_WRITE | Gup.FOLL_LONGTERM);
                assertThat(longTerm.isErr()).isEqualTo(policy == upstream);
                if (!longTerm.isErr()) {
                    w.gup().putPages(longTerm.value(), true);
                }
                KResult<List<Gup.UserPage>> shortTerm = gup(w, p, addr, 2, Gup.FOLL_WRITE);
                w.gup().putPages(shortTerm.value(), false);
                int dax = (int) w.files().open(p, "/dev/dax0", OpenFlags.O_RDWR).valueOrThrow();
                long daxAddr = w.mm().mmap(p, 0, 2 * PAGE, RW, MmapFlags.MAP_SHARED, dax, 0).valueOrThrow();
                Vma daxVma = p.mm().findVma(daxAddr);
                assertThat(daxVma.isDax()).isTrue();
                assertThat(daxVma.isFsDax()).isFalse();
                KResult<List<Gup.UserPage>> devdax = gup(w, p, daxAddr, 2, Gup.FOLL_WRITE | Gup.FOLL_LONGTERM);
                assertThat(devdax.value()).extracting(Gup.UserPage::pfn).containsExactly(64L, 65L);
                w.gup().putPages(devdax.value(), true);
            });
            assertThat(world.pins().all()).isEmpty();
        }
    }

    @Test
    @DisplayName("VM_FAULT_RETRY: an allocating write fault that waits for another process's MAP_DIRECT lease drops mmap_sem; GUP retakes it and walks again")
    void retryAfterTheFaultDroppedTheLock() {
        World world = World.boot(config(Policy.v8()));
        Process p0 = world.process("P0", Creds.user(1000));
        Process p2 = world.process("P2", Creds.user(1000));
        long[] doneAt = {-1};
        world.start(p2, () -> {
            int fd = file(world, p2, "/xfs/f", 4);
            world.files().fallocate(p2, fd, 0x03, 3 * PAGE, PAGE);
            long addr = world.mm().mmap(p2, 0, 4 * PAGE, RW, MmapFlags.MAP_SHARED_VALIDATE | MmapFlags.MAP_DIRECT, fd, 0)
                    .valueOrThrow();
            world.sim().sleepNs(VirtualClock.NS_PER_SEC, null);
            world.mm().munmap(p2, addr, 4 * PAGE);
        });
        world.start(p0, () -> {
            world.sim().sleepNs(VirtualClock.NS_PER_MS, null);
            int fd = (int) world.files().open(p0, "/xfs/f", OpenFlags.O_RDWR).valueOrThrow();
            long addr = world.mm().mmap(p0, 0, 4 * PAGE, RW, MmapFlags.MAP_SHARED, fd, 0).valueOrThrow();
            assertThat(world.rdma().directIo(p0, addr + 2 * PAGE, 2 * PAGE, 0)).isEqualTo(SysResult.value(2 * PAGE));
            doneAt[0] = world.sim().nowNs();
        });
        assertThat(world.run().completed()).isTrue();
        assertThat(doneAt[0]).isEqualTo(VirtualClock.NS_PER_SEC);
        assertThat(world.kernel().probes().count("get_user_pages retried after the fault dropped mmap_sem")).isEqualTo(1);
        assertThat(world.pins().all()).isEmpty();
    }

    @Test
    @DisplayName("VM_FAULT_OOM is ENOMEM: the allocating fault's break_layout cannot allocate its lock")
    void oomIsEnomem() {
        WorldConfig config = config(Policy.v8()).withFaultRules(List.of(new FaultPlan.Rule("gup", "alloc", 1)));
        World world = World.boot(config);
        Process p0 = world.process("P0", Creds.user(1000));
        world.start(p0, () -> {
            int fd = file(world, p0, "/xfs/f", 1);
            world.files().truncate(p0, "/xfs/f", 2 * PAGE);
            long direct = world.mm().mmap(p0, 0, PAGE, RW, MmapFlags.MAP_SHARED_VALIDATE | MmapFlags.MAP_DIRECT, fd, 0)
                    .valueOrThrow();
            long addr = world.mm().mmap(p0, 0, 2 * PAGE, RW, MmapFlags.MAP_SHARED, fd, 0).valueOrThrow();
            p0.setFaultScope("gup");
            assertThat(gup(world, p0, addr + PAGE, 1, Gup.FOLL_WRITE).errno()).isEqualTo(Errno.ENOMEM);
            p0.setFaultScope("P0");
            world.mm().munmap(p0, direct, PAGE);
        });
        assertThat(world.run().completed()).isTrue();
        assertThat(world.kernel().faultPlan().injected()).extracting(FaultPlan.Injection::site)
                .containsExactly("break_lease new_fl");
    }

    @Test
    @DisplayName("faultInPage (the ODP path) pins nothing and retakes mmap_sem after a retry")
    void faultInPageRetries() {
        World world = World.boot(config(Policy.v8()));
        Process p0 = world.process("P0", Creds.user(1000));
        Process p2 = world.process("P2", Creds.user(1000));
        world.start(p2, () -> {
            int fd = file(world, p2, "/xfs/f", 1);
            world.files().truncate(p2, "/xfs/f", 2 * PAGE);
            long addr = world.mm().mmap(p2, 0, PAGE, RW, MmapFlags.MAP_SHARED_VALIDATE | MmapFlags.MAP_DIRECT, fd, 0)
                    .valueOrThrow();
            world.sim().sleepNs(VirtualClock.NS_PER_SEC, null);
            world.mm().munmap(p2, addr, PAGE);
        });
        world.start(p0, () -> {
            world.sim().sleepNs(VirtualClock.NS_PER_MS, null);
            int fd = (int) world.files().open(p0, "/xfs/f", OpenFlags.O_RDWR).valueOrThrow();
            long addr = world.mm().mmap(p0, 0, 2 * PAGE, RW, MmapFlags.MAP_SHARED, fd, 0).valueOrThrow();
            p0.mm().mmapLock().downRead();
            KResult<Gup.UserPage> page = world.gup().faultInPage(p0.mm(), addr + PAGE + 12, true);
            p0.mm().mmapLock().upRead();
            assertThat(page.value().address()).isEqualTo(addr + PAGE);
            assertThat(page.value().writable()).isTrue();
        });
        assertThat(world.run().completed()).isTrue();
        assertThat(world.pins().all()).isEmpty();
    }
}
