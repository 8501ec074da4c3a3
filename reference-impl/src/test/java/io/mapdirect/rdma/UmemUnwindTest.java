package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.DIRECT;
import static io.mapdirect.rdma.RdmaWorlds.F;
import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static io.mapdirect.rdma.RdmaWorlds.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.FaultPlan;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * spec §2.7 "any failure releases everything taken so far" [11] [22]: the registration is run once
 * per allocation it makes, with exactly that allocation failing (fault plan rule "the n-th alloc in
 * scope reg"); each failure returns ENOMEM and leaves no umem, MR, lease_direct, pin, IOVA or IOMMU
 * PTE behind; the run after the last site succeeds with nothing injected.
 */
class UmemUnwindTest {
    /** What is registered. */
    enum Memory {
        V7_MAP_DIRECT(Set.of("ib_umem", "ib_umem page_list", "ib_umem vma_list", "ib_umem sg_table", "lease_direct",
                "locks_alloc_lock", "iova", "iommu pgtable", "ib_mr")),
        V8_MAP_DIRECT(V7_MAP_DIRECT.sites),
        V8_DEVICE_DAX(V7_MAP_DIRECT.sites),
        ANONYMOUS(Set.of("ib_umem", "ib_umem page_list", "ib_umem vma_list", "ib_umem sg_table", "iova",
                "iommu pgtable", "ib_mr")),
        ODP(Set.of("ib_umem", "ib_umem_odp", "ib_mr"));

        final Set<String> sites;

        Memory(Set<String> sites) {
            this.sites = sites;
        }
    }

    private static Policy policy(Memory memory) {
        return switch (memory) {
            case V7_MAP_DIRECT -> RdmaWorlds.v7();
            case ODP -> RdmaWorlds.v8().withOdp(true);
            default -> RdmaWorlds.v8();
        };
    }

    @ParameterizedTest
    @EnumSource(Memory.class)
    @DisplayName("[11] [22] umem unwind: an allocation failure at every site of the registration leaves nothing behind")
    void everyAllocationFailureUnwinds(Memory memory) {
        Set<String> injectedSites = new LinkedHashSet<>();
        for (int n = 1; ; n++) {
            World world = World.boot(RdmaWorlds.config(policy(memory), IommuMode.DMA_STRICT)
                    .withDevdax(List.of(new WorldConfig.DevDax("dax0", 4, 1000)))
                    .withFaultRules(List.of(new FaultPlan.Rule("reg", "alloc", n))));
            SysResult result = register(world, memory);
            List<FaultPlan.Injection> injected = world.kernel().faultPlan().injected();
            if (injected.isEmpty()) {
                assertThat(result.isOk()).as("registration without injection").isTrue();
                break;
            }
            assertThat(result).as("failing " + injected.get(0).site()).isEqualTo(SysResult.err(Errno.ENOMEM));
            injectedSites.add(injected.get(0).site());
            assertThat(n).as("allocation sites").isLessThan(40);
        }
        assertThat(injectedSites).containsExactlyInAnyOrderElementsOf(memory.sites);
    }

    /** P0 maps 4 pages of the memory and registers them with its fault scope set to "reg"; then exits. */
    private static SysResult register(World world, Memory memory) {
        Process p0 = world.process("P0", Creds.user(1000));
        SysResult[] result = new SysResult[1];
        world.start(p0, () -> {
            long addr = map(world, p0, memory);
            p0.setFaultScope("reg");
            result[0] = world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT);
            p0.setFaultScope("P0");
            if (!result[0].isOk()) {
                RdmaWorlds.assertNothingLeft(world);
            }
            world.proc().exit(p0);
        });
        RdmaWorlds.assertCompleted(world.run());
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
        return result[0];
    }

    private static long map(World world, Process p0, Memory memory) {
        int fd = RdmaWorlds.createF(world, p0);
        return switch (memory) {
            case V7_MAP_DIRECT, V8_MAP_DIRECT, ODP -> RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            case V8_DEVICE_DAX -> RdmaWorlds.mmap(world, p0,
                    (int) world.files().open(p0, "/dev/dax0", OpenFlags.O_RDWR).valueOrThrow(), 4, SHARED);
            case ANONYMOUS -> world.mm().mmap(p0, 0, 4 * PAGE, RdmaWorlds.RW,
                    MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS, -1, 0).valueOrThrow();
        };
    }
}
