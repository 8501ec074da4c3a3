package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.F;
import static io.mapdirect.rdma.RdmaWorlds.MS;
import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static io.mapdirect.rdma.RdmaWorlds.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.dma.DmaEvent;
import io.mapdirect.fs.FileLock;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.nic.DmaResult;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.FaultPlan;
import io.mapdirect.sim.Schedule;
import io.mapdirect.sim.Trace;
import io.mapdirect.sim.TraceKind;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rdma mutation survivors left open on 2026-12-06 (docs/mutation.md): an ODP fault whose MR is
 * deregistered while it waits at {@code umem_mutex}, the layout-lease RFC's condition (a lease that
 * is not a layout lease, or a layout lease that is breaking), a lease_direct allocation failure and a
 * lease break that comes before the MR exists; and the two survivors a hand check had mistaken for
 * killed (each line holds two mutants with the same description): the IOVA-reuse probe's
 * {@code iovaRange() != null} and v7's own MAPPED-bit test at release.
 */
class RdmaOpenEdgesTest {
    /**
     * Second run of an ODP world: the device writes MR page 0 (not yet faulted in) while P0
     * deregisters the MR. Decision 4 (the device's {@code lock umem_mutex}, after the page look-up)
     * switches to P0, whose deregistration runs to the end before the fault goes on.
     */
    private static final int[] DEREG_AT_UMEM_MUTEX = {0, 0, 0, 1};

    @Test
    @DisplayName("ODP: an MR deregistered while its fault waits at umem_mutex fails the fault with EINVAL (the install finds no MR context); nothing is installed or reported resolved")
    void odpFaultOfAnMrDeregisteredAtUmemMutexIsEinval() {
        World world = RdmaWorlds.boot(RdmaWorlds.v8().withOdp(true), IommuMode.DMA_STRICT);
        Process p0 = world.process("P0", Creds.user(1000));
        long[] anon = {-1};
        int[] key = {-1};
        world.start(p0, () -> {
            anon[0] = RdmaUnitTest.anonymous(world, p0, 2);
            key[0] = (int) world.rdma().regMr(p0, anon[0], 2 * PAGE, IbAccess.DEFAULT).valueOrThrow();
        });
        RdmaWorlds.assertCompleted(world.run());
        world.sim().setSchedule(Schedule.of(DEREG_AT_UMEM_MUTEX));
        DmaResult[] result = new DmaResult[1];
        SysResult[] dereg = new SysResult[1];
        world.startKernelTask("device", () -> result[0] = world.nic().dmaWrite(key[0], 0, 5));
        world.start(p0, () -> dereg[0] = world.rdma().deregMr(p0, key[0]));
        RdmaWorlds.assertCompleted(world.run());
        assertThat(dereg[0]).isEqualTo(SysResult.ok());
        assertThat(siteBeforeTheSwitchTo(world, "P0")).as("where the device was preempted").isEqualTo("lock umem_mutex");
        assertThat(world.kernel().probes().count("ODP page fault")).isEqualTo(1);
        // handleOdpFault returns install()'s -EINVAL (not 0: with 0 the device would retry and find the MR invalid)
        assertThat(result[0]).isEqualTo(new DmaResult.OdpFault(anon[0], Errno.EINVAL));
        assertThat(world.kernel().events().ofType(RdmaEvent.OdpFaultResolved.class)).isEmpty();
        assertThat(world.kernel().probes().count("ODP fault resolved")).isZero();
        world.start(p0, () -> world.proc().exit(p0));
        RdmaWorlds.assertCompleted(world.run());
        RdmaWorlds.assertNothingLeft(world);
    }

    /**
     * An ODP fault whose page cannot be faulted in (the range was unmapped after the registration, which an
     * ODP MR allows) fails with get_user_pages()'s error: the device's access is refused, nothing is installed.
     */
    @Test
    void odpFaultOnAnUnmappedRangeFailsWithTheGupError() {
        World world = RdmaWorlds.boot(RdmaWorlds.v8().withOdp(true), IommuMode.DMA_STRICT);
        Process p0 = world.process("P0", Creds.user(1000));
        long[] anon = {-1};
        int[] key = {-1};
        world.start(p0, () -> {
            anon[0] = RdmaUnitTest.anonymous(world, p0, 2);
            key[0] = (int) world.rdma().regMr(p0, anon[0], 2 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            world.mm().munmap(p0, anon[0], 2 * PAGE).valueOrThrow();
        });
        RdmaWorlds.assertCompleted(world.run());
        DmaResult[] result = new DmaResult[1];
        world.startKernelTask("device", () -> result[0] = world.nic().dmaWrite(key[0], 0, 5));
        RdmaWorlds.assertCompleted(world.run());
        assertThat(result[0]).isEqualTo(new DmaResult.OdpFault(anon[0], Errno.EFAULT));
        assertThat(world.kernel().probes().count("ODP fault failed")).isEqualTo(1);
        assertThat(world.kernel().probes().count("ODP fault resolved")).isZero();
    }

    /** The site of the device's last yield before the first switch to {@code task}. */
    private static String siteBeforeTheSwitchTo(World world, String task) {
        Trace trace = world.sim().trace();
        List<Trace.Entry> entries = trace.entries();
        for (int i = 1; i < entries.size(); i++) {
            Trace.Entry entry = entries.get(i);
            if (entry.kind() == TraceKind.SWITCH && trace.taskName((int) entry.arg()).equals(task)) {
                return entries.get(i - 1).site();
            }
        }
        return null;
    }

    @Test
    @DisplayName("layout-lease RFC: a plain F_WRLCK lease through the mapped file is not an F_LAYOUT lease: the fs-DAX pin is EPERM")
    void layoutLeaseRfcDoesNotCountAPlainLease() {
        World world = RdmaWorlds.boot(LayoutLeaseRfcTest.RFC, IommuMode.DMA_STRICT);
        Process p = world.process("P0", Creds.user(1000));
        world.start(p, () -> {
            World w = world;
            Process p0 = p;
            int fd = RdmaWorlds.createF(w, p0);
            assertThat(w.leases().setLease(p0, fd, FileLock.F_WRLCK)).isEqualTo(SysResult.ok());
            long addr = RdmaWorlds.mmap(w, p0, fd, 4, SHARED);
            assertThat(w.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EPERM));
            assertThat(w.leases().setLease(p0, fd, FileLock.F_UNLCK)).isEqualTo(SysResult.ok());
            w.proc().exit(p0);
        });
        RdmaWorlds.assertCompleted(world.run());
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
        assertThat(world.kernel().probes().count("registration refused: no F_LAYOUT lease")).isEqualTo(1);
    }

    @Test
    @DisplayName("layout-lease RFC: an F_LAYOUT lease that is breaking (a truncate waits for it) does not allow the fs-DAX pin: EPERM")
    void layoutLeaseRfcDoesNotCountABreakingLease() {
        World world = RdmaWorlds.boot(LayoutLeaseRfcTest.RFC, IommuMode.DMA_STRICT);
        world.kernel().setLeaseBreakTimeSec(1);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        SysResult[] registration = new SysResult[1];
        boolean[] breaking = {false};
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            assertThat(world.leases().setLease(p0, fd, LayoutLeaseRfcTest.LAYOUT_READ)).isEqualTo(SysResult.ok());
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, SHARED);
            world.sim().sleepNs(10 * MS, null);
            breaking[0] = RdmaWorlds.inode(world, F).flctx().leases().stream()
                    .anyMatch(fl -> fl.isLayout() && fl.isBreaking());
            registration[0] = world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT);
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(MS, null);
            world.files().truncate(p1, F, PAGE);
            world.proc().exit(p1);
        });
        RdmaWorlds.assertCompleted(world.run());
        assertThat(breaking[0]).as("the layout lease is breaking when P0 registers").isTrue();
        assertThat(registration[0]).isEqualTo(SysResult.err(Errno.EPERM));
        assertThat(world.kernel().probes().count("registration refused: no F_LAYOUT lease")).isEqualTo(1);
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
    }

    @Test
    @DisplayName("[11] [22] a lease_direct allocation failing is ENOMEM and is not counted as a registration on a breaking mapping (probe-only)")
    void leaseDirectAllocationFailureIsNotABreakingMapping() {
        for (int n = 1; n < 40; n++) {
            World world = World.boot(RdmaWorlds.config(RdmaWorlds.v8(), IommuMode.DMA_STRICT)
                    .withFaultRules(List.of(new FaultPlan.Rule("reg", "alloc", n))));
            Process p0 = world.process("P0", Creds.user(1000));
            SysResult[] result = new SysResult[1];
            world.start(p0, () -> {
                int fd = RdmaWorlds.createF(world, p0);
                long addr = RdmaWorlds.mmap(world, p0, fd, 4, RdmaWorlds.DIRECT);
                p0.setFaultScope("reg");
                result[0] = world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT);
                p0.setFaultScope("P0");
                world.proc().exit(p0);
            });
            RdmaWorlds.assertCompleted(world.run());
            List<FaultPlan.Injection> injected = world.kernel().faultPlan().injected();
            assertThat(injected).as("the registration reaches the lease_direct allocation").isNotEmpty();
            if (!injected.get(0).site().equals("lease_direct")) {
                continue;
            }
            assertThat(result[0]).isEqualTo(SysResult.err(Errno.ENOMEM));
            // the probe is the only signal: the errno is returned either way
            assertThat(world.kernel().probes().count("registration refused: breaking mapping")).isZero();
            RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
            return;
        }
        throw new AssertionError("no lease_direct allocation in the registration");
    }

    /**
     * {@link RegistrationRaceTest}'s world (P0 registers f's MAP_DIRECT mapping, P1 truncates f): the
     * 18th decision switches to P1, whose truncate breaks the lease after it was taken and before
     * {@code dma_map_sg()}; the callback runs on a umem that has no MR yet.
     */
    private static final int[] BREAK_BEFORE_DMA_MAP = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    @Test
    @DisplayName("[11] [22] a break during registration runs the callback before any MR exists: ENXIO, and it is not counted as a break while an MR is active (probe-only)")
    void breakBeforeTheMrExistsIsNotABreakWhileMrActive() {
        RegistrationRaceTest.Outcome outcome = RegistrationRaceTest.run(RdmaWorlds.v8(), Schedule.of(BREAK_BEFORE_DMA_MAP));
        World world = outcome.world();
        assertThat(outcome.registration()).isEqualTo(SysResult.err(Errno.ENXIO));
        assertThat(world.kernel().probes().count("registration refused: lease broke during registration")).isEqualTo(1);
        assertThat(world.kernel().events().ofType(RdmaEvent.MrRevoked.class)).as("the callback ran").hasSize(1);
        assertThat(world.kernel().events().ofType(RdmaEvent.MrRegistered.class)).isEmpty();
        // the probe is the only signal of umem.mrLive(): nothing else reads it
        assertThat(world.kernel().probes().count("break while MR active")).isZero();
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
    }

    @Test
    @DisplayName("[15] the IOVA-reuse check skips MRs without an IOVA range: a pinned MR registered beside a live ODP MR registers, and nothing is counted as reused")
    void iovaReuseCheckSkipsAnOdpMrBesideIt() {
        World world = RdmaUnitTest.inWorld(RdmaWorlds.config(RdmaWorlds.v8(), IommuMode.DMA_STRICT), (w, p0) -> {
            long anon = RdmaUnitTest.anonymous(w, p0, 2);
            int odp = (int) w.rdma().regMr(p0, anon, PAGE, IbAccess.DEFAULT | IbAccess.ON_DEMAND).valueOrThrow();
            assertThat(w.uverbs().device("nic").mr(odp).umem().iovaRange()).isNull();
            int pinned = (int) w.rdma().regMr(p0, anon + PAGE, PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(w.uverbs().device("nic").mr(pinned).umem().iovaRange()).isNotNull();
        });
        assertThat(world.kernel().probes().count("IOVA reused while its MR is live")).isZero();
    }

    @Test
    @DisplayName("[11] v7 as posted tests IB_UMEM_MAPPED at release whatever V8_RELEASE_TESTS_MAPPED_BIT says: after the break's dma_unmap_sg the release does not unmap again")
    void v7ReleaseTestsTheMappedBitWithoutTheV8Repair() {
        WorldConfig config = RdmaWorlds.config(RdmaWorlds.v7(), IommuMode.DMA_STRICT);
        World world = World.boot(config.withKernel(config.kernel().withReverted(Set.of(Repair.V8_RELEASE_TESTS_MAPPED_BIT))));
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, RdmaWorlds.DIRECT);
            int key = (int) world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            world.sim().sleepNs(20 * MS, null);
            assertThat(world.rdma().deregMr(p0, key)).isEqualTo(SysResult.ok());
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(10 * MS, null);
            world.files().truncate(p1, F, 0);
            world.proc().exit(p1);
        });
        // under a release that skips the bit, the second dma_unmap_sg frees the IOVA range twice (BAD_FREE oops)
        RdmaWorlds.assertCompleted(world.run());
        assertThat(world.kernel().events().ofType(RdmaEvent.MrRevoked.class)).extracting(RdmaEvent.MrRevoked::action)
                .containsExactly(RdmaEvent.RevokeAction.DMA_UNMAP_SG);
        assertThat(world.kernel().events().ofType(DmaEvent.SgUnmapped.class)).hasSize(1);
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
    }
}
