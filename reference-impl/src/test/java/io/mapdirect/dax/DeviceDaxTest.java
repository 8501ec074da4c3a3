package io.mapdirect.dax;

import static io.mapdirect.world.Fixture.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KResult;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.LeaseDirectHandle;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.mm.Vma;
import io.mapdirect.proc.Process;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * device-dax [10] (spec §2.6, S18): fixed-range character devices, MAP_SHARED only, whose
 * {@code ->lease_direct} is {@code map_direct_lease}; {@code kill_dev_dax} breaks the layouts
 * (revoking every holder) before the range moves on, unless DEVDAX_KILL_NO_BREAK.
 */
class DeviceDaxTest {
    private static final String DAX = "/dev/dax0";

    static WorldConfig config(WorldConfig base) {
        return base.withDevdax(List.of(new WorldConfig.DevDax("dax0", 4, 1000)));
    }

    static KResult<LeaseDirectHandle> leaseDirect(Process p, long addr, List<Long> revokedAt, Fixture fx) {
        Vma vma = p.mm().findVma(addr);
        assertThat(vma.ops().hasLeaseDirect()).isTrue();
        return vma.ops().leaseDirect(vma, owner -> revokedAt.add(fx.nowNs()), "mr");
    }

    @Test
    void mapsTheFixedRangeSharedOnlyAndRefusesFileCalls() {
        Fixture fx = Fixture.boot(config(WorldConfig.defaults()));
        DeviceDaxInode inode = fx.world.devdaxInstances().get(0);
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.open(p0, DAX, OpenFlags.O_RDWR);
            assertThat(fx.world.mm().mmap(p0, 0, PAGE, Fixture.RW, MmapFlags.MAP_PRIVATE, fd, 0))
                    .isEqualTo(SysResult.err(Errno.EINVAL));
            long addr = fx.map(p0, fd, 5, Fixture.SHARED);
            assertThat(fx.world.mm().store(p0, addr + PAGE, 3)).isEqualTo(SysResult.ok());
            assertThat(p0.mm().pageTable().lookup((addr >>> 12) + 1).pfn()).isEqualTo(inode.basePfn() + 1);
            assertThat(fx.world.mm().load(p0, addr + 4 * PAGE)).isEqualTo(SysResult.signal(Signal.SIGBUS));
            assertThat(fx.world.files().read(p0, fd, 0)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(fx.world.files().write(p0, fd, 0, PAGE, 1)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(fx.world.files().fsync(p0, fd)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(fx.world.files().ftruncate(p0, fd, 0)).isEqualTo(SysResult.err(Errno.EINVAL));
        });
        assertThat(inode.pfnAt(1)).isEqualTo(inode.basePfn() + 1);
        assertThat(inode.pfnAt(4)).isEqualTo(-1);
        assertThat(inode.pfnAt(-1)).isEqualTo(-1);
        assertThat(inode.pages()).isEqualTo(4);
        assertThat(fx.world.deviceDax().name()).isEqualTo("dax_fops");
    }

    /** [10]: kill_dev_dax breaks every lease_direct (waiting for the revocation), zaps, then releases the range. */
    @Test
    void killRevokesEveryHolderBeforeReleasingTheRange() {
        Fixture fx = Fixture.boot(config(WorldConfig.defaults()));
        DeviceDaxInode inode = fx.world.devdaxInstances().get(0);
        Process p0 = fx.owner("P0");
        List<Long> revokedAt = new ArrayList<>();
        long[] addr = new long[1];
        fx.runAs(p0, () -> {
            addr[0] = fx.map(p0, fx.open(p0, DAX, OpenFlags.O_RDWR), 4, Fixture.SHARED);
            fx.world.mm().store(p0, addr[0], 1);
            assertThat(leaseDirect(p0, addr[0], revokedAt, fx).isErr()).isFalse();
        });
        fx.runAs(p0, () -> {
            assertThat(fx.world.deviceDax().killDevDax(inode)).isZero();
            assertThat(inode.released()).isTrue();
            assertThat(fx.world.mm().load(p0, addr[0])).isEqualTo(SysResult.signal(Signal.SIGBUS));
            List<Long> late = new ArrayList<>();
            assertThat(leaseDirect(p0, addr[0], late, fx).errno()).isEqualTo(Errno.ENXIO);
        });
        assertThat(revokedAt).hasSize(1);
        assertThat(inode.alive()).isFalse();
        assertThat(inode.pfnAt(0)).isEqualTo(-1);
        assertThat(fx.world.kernel().events().ofType(DeviceDax.DeviceKilled.class)).hasSize(1);
        assertThat(fx.live("lease_direct")).isEqualTo(1); // the holder still has to destroy it
    }

    /** spec §5 DEVDAX_KILL_NO_BREAK: the range is released while the lease_direct holder was never told. */
    @Test
    void killWithoutBreakReleasesTheRangeUnderTheHolder() {
        Fixture fx = Fixture.boot(config(Fixture.withBugs(KnownBug.DEVDAX_KILL_NO_BREAK)));
        DeviceDaxInode inode = fx.world.devdaxInstances().get(0);
        Process p0 = fx.owner("P0");
        List<Long> revokedAt = new ArrayList<>();
        fx.runAs(p0, () -> {
            long addr = fx.map(p0, fx.open(p0, DAX, OpenFlags.O_RDWR), 4, Fixture.SHARED);
            leaseDirect(p0, addr, revokedAt, fx).value();
            fx.world.deviceDax().killDevDax(inode);
        });
        assertThat(revokedAt).isEmpty();
        assertThat(inode.released()).isTrue();
        assertThat(fx.inode(DAX).flctx().leasesSnapshot()).hasSize(1);
    }

    /** Merged Linux: the range stays the device's while a page of it is pinned. */
    @Test
    void upstreamKeepsAPinnedRangeUntilUnpinned() {
        Fixture fx = Fixture.boot(config(Fixture.withPolicy(Policy.v8().withLongTermPin(Policy.LongTermPin.REFUSE_FS_DAX))));
        DeviceDaxInode inode = fx.world.devdaxInstances().get(0);
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            fx.world.pins().pin(inode.basePfn() + 2, true);
            fx.world.deviceDax().killDevDax(inode);
        });
        assertThat(inode.pfnAt(2)).isEqualTo(inode.basePfn() + 2);
        fx.world.pins().unpin(inode.basePfn() + 2, true);
        assertThat(inode.pfnAt(2)).isEqualTo(-1);
    }
}
