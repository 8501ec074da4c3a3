package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.MS;
import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static io.mapdirect.rdma.RdmaWorlds.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.dax.DeviceDaxInode;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.nic.DmaResult;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * scenario S18: device-dax shutdown [10]. P0 maps /dev/dax0 and registers an MR over it; the
 * device writes at 1 ms; an administrator shuts the device down at 10 ms and hands the physical
 * range to a new instance /dev/dax1, which P2 maps and writes at 20 ms; the NIC writes through the
 * old MR at 30 ms; P0 touches its mapping at 40 ms.
 */
class DeviceDaxScenarioTest {
    record Run(World world, List<DmaResult> results, long killedAtNs, long basePfn, SysResult p0Access,
               SysResult p2Load, long pfnAtSecondWrite) { }

    static Run run(Policy policy, KnownBug... bugs) {
        WorldConfig config = RdmaWorlds.config(policy, IommuMode.DMA_STRICT, bugs)
                .withDevdax(List.of(new WorldConfig.DevDax("dax0", 4, 1000)));
        World world = World.boot(config);
        DeviceDaxInode dax0 = world.devdaxInstances().get(0);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p2 = world.process("P2", Creds.user(2000));
        int[] key = {-1};
        long[] killedAt = {-1};
        SysResult[] accesses = new SysResult[2];
        List<DmaResult> results = new ArrayList<>();
        long[] pfnAtSecondWrite = {-2};
        world.start(p0, () -> {
            int fd = (int) world.files().open(p0, "/dev/dax0", OpenFlags.O_RDWR).valueOrThrow();
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, SHARED);
            key[0] = (int) world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            world.sim().sleepNs(40 * MS, null);
            accesses[0] = world.mm().load(p0, addr);
            world.proc().exit(p0);
        });
        world.startKernelTask("admin", () -> {
            world.sim().sleepNs(10 * MS, null);
            assertThat(world.deviceDax().killDevDax(dax0)).isZero();
            killedAt[0] = world.sim().nowNs();
            world.deviceDax().createInstance("dax1", 2000, dax0.basePfn(), dax0.pages());
        });
        world.start(p2, () -> {
            world.sim().sleepNs(20 * MS, null);
            int fd = (int) world.files().open(p2, "/dev/dax1", OpenFlags.O_RDWR).valueOrThrow();
            long addr = RdmaWorlds.mmap(world, p2, fd, 4, SHARED);
            world.mm().store(p2, addr, 5);
            world.mm().flush(p2, addr, PAGE);
            world.sim().sleepNs(20 * MS, null);
            accesses[1] = world.mm().load(p2, addr);
            world.proc().exit(p2);
        });
        world.startKernelTask("device", () -> {
            world.sim().sleepNs(MS, null);
            results.add(world.nic().dmaWrite(key[0], 0, 8));
            world.sim().sleepNs(29 * MS, null);
            results.add(world.nic().dmaWrite(key[0], 0, 9));
            pfnAtSecondWrite[0] = dax0.pfnAt(0);
        });
        RdmaWorlds.assertCompleted(world.run());
        return new Run(world, results, killedAt[0], dax0.basePfn(), accesses[0], accesses[1],
                pfnAtSecondWrite[0]);
    }

    @Test
    @DisplayName("S18 (v8): shutdown breaks the MR's layout lease and waits for the revocation, zaps P0's mapping; the NIC never reaches the new owner")
    void s18ShutdownRevokesBeforeTheRangeMovesOn() {
        Run run = run(RdmaWorlds.v8());
        assertThat(run.results().get(0)).isInstanceOfSatisfying(DmaResult.Landed.class,
                landed -> assertThat(landed.block()).isEqualTo(run.basePfn()));
        assertThat(run.results().get(1)).isInstanceOf(DmaResult.IommuFault.class);
        assertThat(run.killedAtNs()).isEqualTo(10 * MS);
        assertThat(run.p0Access()).isEqualTo(SysResult.signal(Signal.SIGBUS));
        assertThat(run.p2Load()).isEqualTo(SysResult.value(5));
        assertThat(run.world().kernel().events().ofType(RdmaEvent.MrRevoked.class)).hasSize(1);
        RdmaWorlds.assertNothingLeft(run.world());
    }

    @Test
    @DisplayName("S18 with fault DEVDAX_KILL_NO_BREAK [10]: no layout break at shutdown, and the NIC's write reaches the new owner's page")
    void s18KillWithoutBreakLetsNicReachNewOwner() {
        Run run = run(RdmaWorlds.v8(), KnownBug.DEVDAX_KILL_NO_BREAK);
        assertThat(run.results().get(1)).isInstanceOfSatisfying(DmaResult.Landed.class,
                landed -> assertThat(landed.block()).isEqualTo(run.basePfn()));
        assertThat(run.p2Load()).as("the new owner's data overwritten").isEqualTo(SysResult.value(9));
        assertThat(run.world().kernel().events().ofType(RdmaEvent.MrRevoked.class)).isEmpty();
        RdmaWorlds.assertNothingLeft(run.world());
    }

    @Test
    @DisplayName("S19 [merged Linux]: device-dax long-term pins are allowed without a lease; shutdown revokes nothing then")
    void s18UpstreamRegistersDeviceDaxWithoutLease() {
        Run run = run(RdmaWorlds.upstream());
        assertThat(run.results().get(0)).isInstanceOf(DmaResult.Landed.class);
        assertThat(run.world().kernel().events().ofType(RdmaEvent.MrRegistered.class)).hasSize(1);
        assertThat(run.world().kernel().events().ofType(
                io.mapdirect.fs.mapdirect.MapDirectEvents.LeaseDirectTaken.class)).isEmpty();
        RdmaWorlds.assertNothingLeft(run.world());
    }

    @Test
    @DisplayName("S18 under the 2019 layout-lease RFC (built on merged Linux): the device-dax MR takes no lease, so the shutdown keeps the range until the last pin is gone; the NIC's later write still lands in dax0's own range")
    void s18LayoutLeaseRfcKeepsThePinnedRangeUntilRelease() {
        Run run = run(RdmaWorlds.v8().withLongTermPin(Policy.LongTermPin.LAYOUT_LEASE));
        assertThat(run.results().get(1)).isInstanceOfSatisfying(DmaResult.Landed.class,
                landed -> assertThat(landed.block()).isEqualTo(run.basePfn()));
        assertThat(run.pfnAtSecondWrite()).as("dax0 still owns its pinned range after kill_dev_dax").isEqualTo(run.basePfn());
        assertThat(run.world().kernel().events().ofType(RdmaEvent.MrRevoked.class)).isEmpty();
        assertThat(run.world().devdaxInstances().get(0).pfnAt(0)).as("released once P0's exit dropped the pin").isEqualTo(-1);
        RdmaWorlds.assertNothingLeft(run.world());
    }
}
