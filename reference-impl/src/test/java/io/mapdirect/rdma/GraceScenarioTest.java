package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.DIRECT;
import static io.mapdirect.rdma.RdmaWorlds.F;
import static io.mapdirect.rdma.RdmaWorlds.MS;
import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static io.mapdirect.rdma.RdmaWorlds.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.nic.DmaResult;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * scenario S15: grace, or no grace [35] [39] [41]. S10's MR; the device writes every 100 ms (at
 * 50, 150, 250... ms); P1 truncates f at 1 ms; P0 does nothing, or deregisters at 2 s and munmaps at
 * 3 s.
 */
class GraceScenarioTest {
    record Run(List<Long> landedAtNs, List<Long> failedAtNs, long truncatedAtNs) { }

    static Run run(Policy.RevokeTiming timing, boolean cooperative) {
        World world = RdmaWorlds.boot(RdmaWorlds.v8().withRevokeTiming(timing), IommuMode.DMA_STRICT);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        int[] key = {-1};
        long[] truncatedAt = {-1};
        List<Long> landed = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            key[0] = (int) world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            if (cooperative) {
                world.sim().sleepNs(2 * SEC, null);
                assertThat(world.rdma().deregMr(p0, key[0])).isEqualTo(SysResult.ok());
                world.sim().sleepNs(SEC, null);
                world.mm().munmap(p0, addr, 4 * PAGE);
            } else {
                world.sim().sleepNs(50 * SEC, null);
            }
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(MS, null);
            assertThat(world.files().truncate(p1, F, 0)).isEqualTo(SysResult.ok());
            truncatedAt[0] = world.sim().nowNs();
            world.proc().exit(p1);
        });
        world.startKernelTask("device", () -> {
            world.sim().sleepNs(50 * MS, null);
            for (int i = 0; i < 470; i++) {
                DmaResult result = world.nic().dmaWrite(key[0], 0, i);
                (result.landed() ? landed : failed).add(world.sim().nowNs());
                world.sim().sleepNs(100 * MS, null);
            }
        });
        RdmaWorlds.assertCompleted(world.run());
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
        return new Run(landed, failed, truncatedAt[0]);
    }

    @Test
    @DisplayName("S15 V8 (as posted): the break revokes at once; every write from the first after t=0 faults; P1 completes at lbt")
    void s15V8RevokesAtOnce() {
        Run run = run(Policy.RevokeTiming.IMMEDIATE, false);
        assertThat(run.landedAtNs()).isEmpty();
        assertThat(run.failedAtNs()).first().isEqualTo(50 * MS);
        assertThat(run.truncatedAtNs()).isEqualTo(MS + 45 * SEC);
    }

    @Test
    @DisplayName("S15 V8_GRACE (as the cover text describes [35]): writes land until lbt, then fault; P1 completes at lbt")
    void s15GraceLetsWritesLandUntilLeaseBreakTime() {
        Run run = run(Policy.RevokeTiming.AFTER_GRACE, false);
        assertThat(run.landedAtNs()).first().isEqualTo(50 * MS);
        assertThat(run.landedAtNs()).last().isEqualTo(44_950 * MS);
        assertThat(run.failedAtNs()).first().isEqualTo(45_050 * MS);
        assertThat(run.truncatedAtNs()).isEqualTo(MS + 45 * SEC);
    }

    @Test
    @DisplayName("S15 V8_GRACE, P0 deregisters at 2 s and munmaps at 3 s: the writes stop at 2 s and P1 completes at 3 s")
    void s15GraceWithCooperativeHolder() {
        Run run = run(Policy.RevokeTiming.AFTER_GRACE, true);
        assertThat(run.landedAtNs()).last().isEqualTo(1_950 * MS);
        assertThat(run.failedAtNs()).first().isEqualTo(2_050 * MS);
        assertThat(run.truncatedAtNs()).isEqualTo(3 * SEC);
    }

    @Test
    @DisplayName("S15 V8, P0 deregisters at 2 s and munmaps at 3 s: nothing lands after the break, P1 completes at 3 s")
    void s15V8WithCooperativeHolder() {
        Run run = run(Policy.RevokeTiming.IMMEDIATE, true);
        assertThat(run.landedAtNs()).isEmpty();
        assertThat(run.truncatedAtNs()).isEqualTo(3 * SEC);
    }
}
