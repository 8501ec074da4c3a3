package io.mapdirect.dax;

import static io.mapdirect.world.Fixture.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.Mm;
import io.mapdirect.proc.Process;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Edges of device-dax [10] that {@link DeviceDaxTest} does not pin:
 * <ul>
 * <li>the instance's inode: {@code i_size} covers the whole range, and the range counts as
 *     released only once {@code kill_dev_dax()} ran;</li>
 * <li>{@code dax_mmap()} sets {@code VM_MIXEDMAP | VM_HUGEPAGE} on the VMA;</li>
 * <li>{@code kill_dev_dax()} returns {@code break_layout()}'s error: a signal ending the wait for
 *     the lease_direct holders is -ERESTARTSYS;</li>
 * <li>{@code ->lease_direct} returns {@code map_direct_lease()}'s own error before it looks at
 *     {@code dax_alive()};</li>
 * <li>device-dax has no size to set: {@code setSize} is EINVAL;</li>
 * <li>the report: a lease_direct refused on a dead device (repair DEVDAX_LEASE_CHECKS_ALIVE) is
 *     counted by its probe.</li>
 * </ul>
 */
class DeviceDaxEdgesTest {
    private static final String DAX = "/dev/dax0";

    private static DeviceDaxInode instance(Fixture fx) {
        return fx.world.devdaxInstances().get(0);
    }

    @Test
    void inodeSizeIsTheRangeInBytes() {
        Fixture fx = Fixture.boot(DeviceDaxTest.config(WorldConfig.defaults()));
        assertThat(instance(fx).sizeBytes()).isEqualTo(4 * PAGE);
    }

    /** {@code do_last()} ignores {@code O_TRUNC} for anything but a regular file: opening the instance with it succeeds and keeps its size. */
    @Test
    void openWithOTruncIgnoresItForTheDevice() {
        Fixture fx = Fixture.boot(DeviceDaxTest.config(WorldConfig.defaults()));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> assertThat(fx.world.files().open(p0, DAX, OpenFlags.O_RDWR | OpenFlags.O_TRUNC))
                .isInstanceOf(SysResult.Value.class));
        assertThat(instance(fx).sizeBytes()).isEqualTo(4 * PAGE);
    }

    @Test
    void mmapSetsMixedMapAndHugePage() {
        Fixture fx = Fixture.boot(DeviceDaxTest.config(WorldConfig.defaults()));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            long addr = fx.map(p0, fx.open(p0, DAX, OpenFlags.O_RDWR), 4, Fixture.SHARED);
            assertThat(p0.mm().findVma(addr).vmFlags() & (Mm.VM_MIXEDMAP | Mm.VM_HUGEPAGE))
                    .isEqualTo(Mm.VM_MIXEDMAP | Mm.VM_HUGEPAGE);
        });
    }

    @Test
    void rangeIsNotReleasedBeforeTheKill() {
        Fixture fx = Fixture.boot(DeviceDaxTest.config(WorldConfig.defaults()));
        DeviceDaxInode inode = instance(fx);
        assertThat(inode.released()).isFalse();
        fx.runAs(fx.owner("P0"), () -> fx.world.deviceDax().killDevDax(inode));
        assertThat(inode.released()).isTrue();
    }

    @Test
    void killInterruptedWhileWaitingForAHolderReturnsErestartsys() {
        Fixture fx = Fixture.boot(DeviceDaxTest.config(WorldConfig.defaults()));
        DeviceDaxInode inode = instance(fx);
        Process p0 = fx.owner("P0");
        List<Long> revokedAt = new ArrayList<>();
        fx.runAs(p0, () -> {
            long addr = fx.map(p0, fx.open(p0, DAX, OpenFlags.O_RDWR), 4, Fixture.SHARED);
            DeviceDaxTest.leaseDirect(p0, addr, revokedAt, fx).value();
        });
        int[] rc = new int[1];
        fx.runAs(p0, () -> {
            fx.world.proc().kill(p0, Signal.SIGINT);
            rc[0] = fx.world.deviceDax().killDevDax(inode);
            p0.deliverPendingSignals();
        });
        assertThat(rc[0]).isEqualTo(Errno.ERESTARTSYS.negative());
    }

    @Test
    void leaseDirectErrorComesBeforeTheAliveCheck() {
        // As posted, generic_setlease() refuses a layout lease on a character device (EINVAL).
        WorldConfig base = WorldConfig.defaults();
        WorldConfig posted = base.withKernel(base.kernel().withReverted(Set.of(Repair.DEVDAX_ACCEPTS_LAYOUT_LEASES)));
        Fixture fx = Fixture.boot(DeviceDaxTest.config(posted));
        DeviceDaxInode inode = instance(fx);
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            long addr = fx.map(p0, fx.open(p0, DAX, OpenFlags.O_RDWR), 4, Fixture.SHARED);
            fx.world.deviceDax().killDevDax(inode);
            assertThat(DeviceDaxTest.leaseDirect(p0, addr, new ArrayList<>(), fx).errno()).isEqualTo(Errno.EINVAL);
        });
    }

    @Test
    void setSizeIsEinval() {
        Fixture fx = Fixture.boot(DeviceDaxTest.config(WorldConfig.defaults()));
        DeviceDaxInode inode = instance(fx);
        assertThat(fx.world.deviceDax().setSize(inode, null, 0)).isEqualTo(Errno.EINVAL.negative());
        assertThat(inode.sizeBytes()).isEqualTo(4 * PAGE);
    }

    @Test
    void leaseDirectRefusedOnADeadDeviceIsCounted() {
        Fixture fx = Fixture.boot(DeviceDaxTest.config(WorldConfig.defaults()));
        DeviceDaxInode inode = instance(fx);
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            long addr = fx.map(p0, fx.open(p0, DAX, OpenFlags.O_RDWR), 4, Fixture.SHARED);
            fx.world.deviceDax().killDevDax(inode);
            assertThat(DeviceDaxTest.leaseDirect(p0, addr, new ArrayList<>(), fx).errno()).isEqualTo(Errno.ENXIO);
        });
        assertThat(fx.world.kernel().probes().count("lease_direct refused on dead device-dax")).isEqualTo(1);
    }
}
