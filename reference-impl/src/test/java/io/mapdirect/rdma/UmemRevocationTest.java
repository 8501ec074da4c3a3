package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.dma.DmaEvent;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Oops;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.rdma.RdmaEvent.RevokeAction;
import io.mapdirect.sim.RunOutcome;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.Schedule;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What {@code ib_umem_lease_break()} revokes when the lease breaks before {@code dma_map_sg()}
 * (nothing is mapped yet, the MR does not exist) and in which order {@code __ib_umem_release()} lets
 * go. v8 [22] as posted has no {@code nmap} test and runs its {@code iommu_unmap()} anyway; with the
 * repair UMEM_BREAK_DURING_REG_REFUSES, and in REMAP [43], the callback returns at once with nothing
 * mapped (with the repair on, the registration fails with ENXIO). v7 [11] releases by
 * {@code dma_unmap_sg}, unpinning, then destroying the leases; v8 [22] destroys the leases first.
 */
class UmemRevocationTest {
    /**
     * The first schedule of {@link RegistrationRaceTest} (one preemption, at decision point k, to
     * choice 1 or 2) under which a lease of the registration breaks before the MR exists.
     */
    private static RegistrationRaceTest.Outcome breakBeforeTheMrExists(WorldConfig config) {
        for (int k = 0; k < 400; k++) {
            for (int choice = 1; choice <= 2; choice++) {
                int[] choices = new int[k + 1];
                choices[k] = choice;
                RegistrationRaceTest.Outcome outcome = RegistrationRaceTest.run(config, Schedule.of(choices));
                if (revocations(outcome.world()).stream().anyMatch(revoked -> revoked.mrKey() == -1)) {
                    return outcome;
                }
            }
        }
        throw new AssertionError("no schedule breaks the lease before the MR exists");
    }

    private static List<RdmaEvent.MrRevoked> revocations(World world) {
        return world.kernel().events().ofType(RdmaEvent.MrRevoked.class);
    }

    private static WorldConfig config(Policy policy, Repair... reverted) {
        WorldConfig config = RdmaWorlds.config(policy, IommuMode.DMA_STRICT);
        return config.withKernel(config.kernel().withReverted(Set.of(reverted)));
    }

    @Test
    @DisplayName("[22] with UMEM_BREAK_DURING_REG_REFUSES: a break before dma_map_sg revokes nothing and the registration fails ENXIO")
    void v8BreakBeforeMappingRevokesNothing() {
        RegistrationRaceTest.Outcome outcome = breakBeforeTheMrExists(config(RdmaWorlds.v8()));
        assertThat(outcome.registration()).isEqualTo(SysResult.err(Errno.ENXIO));
        assertThat(revocations(outcome.world())).extracting(RdmaEvent.MrRevoked::action)
                .containsExactly(RevokeAction.NOTHING_MAPPED);
    }

    @Test
    @DisplayName("[22] as posted (repair reverted): a break before dma_map_sg still runs iommu_unmap, with nothing mapped")
    void v8AsPostedUnmapsEvenWithNothingMapped() {
        RegistrationRaceTest.Outcome outcome = breakBeforeTheMrExists(
                config(RdmaWorlds.v8(), Repair.UMEM_BREAK_DURING_REG_REFUSES));
        assertThat(revocations(outcome.world())).extracting(RdmaEvent.MrRevoked::action)
                .containsExactly(RevokeAction.IOMMU_UNMAP);
    }

    @Test
    @DisplayName("[43] REMAP: a break before dma_map_sg has nothing to retarget, with or without the repair")
    void remapBreakBeforeMappingRevokesNothing() {
        RegistrationRaceTest.Outcome outcome = breakBeforeTheMrExists(config(
                RdmaWorlds.v8().withRevoke(Policy.Revoke.REMAP_SCRATCH), Repair.UMEM_BREAK_DURING_REG_REFUSES));
        assertThat(revocations(outcome.world()).get(0).action()).isEqualTo(RevokeAction.NOTHING_MAPPED);
    }

    /** Event-log index of the first {@code SgUnmapped} and of the first {@code LeaseDirectDestroyed} of a register-then-deregister. */
    private static int[] unmapAndLeaseDestroyIndices(Policy policy) {
        World world = RdmaWorlds.boot(policy, IommuMode.DMA_STRICT);
        Process p0 = world.process("P0", Creds.user(1000));
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, RdmaWorlds.DIRECT);
            int key = (int) world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(world.rdma().deregMr(p0, key)).isEqualTo(SysResult.ok());
            world.proc().exit(p0);
        });
        RdmaWorlds.assertCompleted(world.run());
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, RdmaWorlds.F));
        int unmapped = -1;
        int destroyed = -1;
        for (EventLog.Entry entry : world.kernel().events().entries()) {
            if (unmapped < 0 && entry.event() instanceof DmaEvent.SgUnmapped) {
                unmapped = entry.index();
            }
            if (destroyed < 0 && entry.event() instanceof MapDirectEvents.LeaseDirectDestroyed) {
                destroyed = entry.index();
            }
        }
        assertThat(unmapped).isNotNegative();
        assertThat(destroyed).isNotNegative();
        return new int[] {unmapped, destroyed};
    }

    @Test
    @DisplayName("[11] v7 __ib_umem_release: dma_unmap_sg comes before the leases are destroyed")
    void v7ReleaseUnmapsBeforeDestroyingTheLeases() {
        int[] order = unmapAndLeaseDestroyIndices(RdmaWorlds.v7());
        assertThat(order[0]).isLessThan(order[1]);
    }

    @Test
    @DisplayName("[22] v8 __ib_umem_release: the leases are destroyed before dma_unmap_sg")
    void v8ReleaseDestroysTheLeasesBeforeUnmapping() {
        int[] order = unmapAndLeaseDestroyIndices(RdmaWorlds.v8());
        assertThat(order[1]).isLessThan(order[0]);
    }

    /** Boots {@code config} with V7_UNMAP_AT_BREAK on. */
    private static World withUnmapAtBreak(WorldConfig config) {
        return World.boot(config.withKernel(config.kernel().withBugs(Set.of(KnownBug.V7_UNMAP_AT_BREAK))));
    }

    /** P0 registers f's MAP_DIRECT mapping, P1 truncates f at 10 ms, P0 deregisters at 20 ms and exits. */
    private static RunResult breakThenDeregister(World world) {
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, RdmaWorlds.DIRECT);
            int key = (int) world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            world.sim().sleepNs(20 * RdmaWorlds.MS, null);
            world.rdma().deregMr(p0, key);
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(10 * RdmaWorlds.MS, null);
            world.files().truncate(p1, RdmaWorlds.F, 0);
            world.proc().exit(p1);
        });
        return world.run();
    }

    @Test
    @DisplayName("[11] [15] V7_UNMAP_AT_BREAK on v8: the break's dma_unmap_sg is the revocation, and the release, testing the MAPPED bit, does not unmap again")
    void unmapAtBreakOnV8IsNotRepeatedAtRelease() {
        World world = withUnmapAtBreak(config(RdmaWorlds.v8()));
        RdmaWorlds.assertCompleted(breakThenDeregister(world));
        assertThat(revocations(world)).extracting(RdmaEvent.MrRevoked::action).containsExactly(RevokeAction.DMA_UNMAP_SG);
        assertThat(world.kernel().events().ofType(DmaEvent.SgUnmapped.class)).hasSize(1);
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, RdmaWorlds.F));
    }

    @Test
    @DisplayName("[22] as posted (V8_RELEASE_TESTS_MAPPED_BIT reverted) with V7_UNMAP_AT_BREAK: the release tests only nmap, unmaps a second time and frees the IOVA range twice")
    void v8AsPostedReleaseFreesTheIovaRangeTwiceAfterUnmapAtBreak() {
        World world = withUnmapAtBreak(config(RdmaWorlds.v8(), Repair.V8_RELEASE_TESTS_MAPPED_BIT));
        assertThat(breakThenDeregister(world).outcome()).isInstanceOfSatisfying(RunOutcome.Crashed.class, crash ->
                assertThat(crash.error()).isInstanceOfSatisfying(Oops.class,
                        oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.BAD_FREE)));
    }
}
