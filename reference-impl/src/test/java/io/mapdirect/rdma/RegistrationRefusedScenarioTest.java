package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.DIRECT;
import static io.mapdirect.rdma.RdmaWorlds.F;
import static io.mapdirect.rdma.RdmaWorlds.MS;
import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static io.mapdirect.rdma.RdmaWorlds.RW;
import static io.mapdirect.rdma.RdmaWorlds.SEC;
import static io.mapdirect.rdma.RdmaWorlds.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.nic.DmaResult;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** scenario S12, S13 and the registration rules of [09] [11] [20] [22]. */
class RegistrationRefusedScenarioTest {
    static List<Arguments> designsAndUntranslatedModes() {
        List<Arguments> cases = new ArrayList<>();
        for (Policy policy : List.of(RdmaWorlds.v7(), RdmaWorlds.v8())) {
            for (IommuMode mode : List.of(IommuMode.IDENTITY, IommuMode.NONE)) {
                cases.add(Arguments.of(policy.revoke(), mode));
            }
        }
        return cases;
    }

    private static Policy design(Policy.Revoke revoke) {
        return RdmaWorlds.v8().withRevoke(revoke);
    }

    @Test
    @DisplayName("S12 [09]: registration on a MAP_DIRECT mapping whose lease is breaking fails ENXIO and leaves no lease, IOVA or pin")
    void s12RegistrationOnBreakingMappingIsEnxio() {
        World world = RdmaWorlds.boot(RdmaWorlds.v8(), IommuMode.DMA_STRICT);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        long[] truncatedAt = {-1};
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            world.sim().sleepNs(2 * MS, null);
            assertThat(p0.count(io.mapdirect.kernel.Signal.SIGIO)).isEqualTo(1);
            assertThat(world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.ENXIO));
            assertThat(world.kernel().objects().live("lease_direct")).isEmpty();
            assertThat(world.pins().all()).isEmpty();
            assertThat(RdmaWorlds.domain(world).iovad().allocated()).isEmpty();
            assertThat(RdmaWorlds.inode(world, F).flctx().leases()).hasSize(1);
            world.mm().munmap(p0, addr, 4 * PAGE);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(MS, null);
            assertThat(world.files().truncate(p1, F, 0)).isEqualTo(SysResult.ok());
            truncatedAt[0] = world.sim().nowNs();
        });
        RdmaWorlds.assertCompleted(world.run());
        assertThat(truncatedAt[0]).isEqualTo(2 * MS);
        assertThat(world.kernel().probes().count("registration refused: breaking mapping")).isEqualTo(1);
        assertThat(world.kernel().events().ofType(RdmaEvent.MrRegistrationFailed.class))
                .extracting(RdmaEvent.MrRegistrationFailed::errno).containsExactly(Errno.ENXIO);
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
    }

    @Test
    @DisplayName("S3 then registration: once the MAP_DIRECT mapping is invalidated its pages SIGBUS, so registration fails EFAULT")
    void registrationAfterInvalidationIsEfault() {
        World world = RdmaWorlds.boot(RdmaWorlds.v8(), IommuMode.DMA_STRICT);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            world.sim().sleepNs(46 * SEC, null);
            assertThat(world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EFAULT));
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(MS, null);
            world.files().truncate(p1, F, 0);
        });
        RdmaWorlds.assertCompleted(world.run());
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("designsAndUntranslatedModes")
    @DisplayName("S13 [11] [20] [28]: DAX registration for a device without a translating domain is EOPNOTSUPP, nothing left; anonymous and page-cache memory register")
    void s13NoTranslatingDomain(Policy.Revoke revoke, IommuMode mode) {
        World world = RdmaWorlds.boot(design(revoke), mode);
        Process p0 = world.process("P0", Creds.user(1000));
        int[] keys = new int[2];
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            assertThat(world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
            assertThat(world.kernel().objects().live("ib_umem")).isEmpty();
            assertThat(world.pins().all()).isEmpty();
            assertThat(world.kernel().objects().live("lease_direct")).isEmpty();
            long anon = world.mm().mmap(p0, 0, 2 * PAGE, RW, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS, -1, 0)
                    .valueOrThrow();
            keys[0] = (int) world.rdma().regMr(p0, anon, 2 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            int plain = RdmaWorlds.createFile(world, p0, "/plain/h", 2, 3);
            long cached = RdmaWorlds.mmap(world, p0, plain, 2, SHARED);
            keys[1] = (int) world.rdma().regMr(p0, cached, 2 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(world.kernel().objects().live("lease_direct")).as("no DAX, no lease").isEmpty();
            assertThat(world.nic().dmaWrite(keys[1], PAGE, 9)).isInstanceOf(DmaResult.Landed.class);
            assertThat(world.mm().load(p0, cached + PAGE)).isEqualTo(SysResult.value(9));
            world.proc().exit(p0);
        });
        RdmaWorlds.assertCompleted(world.run());
        assertThat(world.kernel().probes().count("registration refused: no IOMMU")).isEqualTo(1);
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
    }

    @Test
    @DisplayName("S13 with fault IDENTITY_HAS_IOMMU on v7 [07] [19]: dma_has_iommu says yes for a passthrough device and the DAX MR registers")
    void s13IdentityHasIommuLetsV7Register() {
        World world = RdmaWorlds.boot(RdmaWorlds.v7(), IommuMode.IDENTITY, KnownBug.IDENTITY_HAS_IOMMU);
        Process p0 = world.process("P0", Creds.user(1000));
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            assertThat(world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).isOk()).isTrue();
            world.proc().exit(p0);
        });
        RdmaWorlds.assertCompleted(world.run());
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
    }

    @Test
    @DisplayName("[20] [22]: fault IDENTITY_HAS_IOMMU is v7's helper only; v8's dma_get_iommu_domain still refuses an identity device")
    void identityHasIommuDoesNotAffectV8() {
        World world = RdmaWorlds.boot(RdmaWorlds.v8(), IommuMode.IDENTITY, KnownBug.IDENTITY_HAS_IOMMU);
        Process p0 = world.process("P0", Creds.user(1000));
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            assertThat(world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
            world.proc().exit(p0);
        });
        RdmaWorlds.assertCompleted(world.run());
    }

    @ParameterizedTest
    @MethodSource("revokes")
    @DisplayName("[11] [22]: an ordinary (not MAP_DIRECT) DAX mapping has no ->lease_direct: EOPNOTSUPP even behind a strict domain")
    void ordinaryDaxMappingHasNoLeaseDirect(Policy.Revoke revoke) {
        World world = RdmaWorlds.boot(design(revoke), IommuMode.DMA_STRICT);
        Process p0 = world.process("P0", Creds.user(1000));
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, SHARED);
            assertThat(world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
            assertThat(world.pins().all()).isEmpty();
            world.proc().exit(p0);
        });
        RdmaWorlds.assertCompleted(world.run());
        assertThat(world.kernel().probes().count("registration refused: no lease_direct")).isEqualTo(1);
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
    }

    static List<Policy.Revoke> revokes() {
        return List.of(Policy.Revoke.values());
    }

    @Test
    @DisplayName("[11]: vma_is_dax() is about the file, so a private mapping of a DAX file needs ->lease_direct too (EOPNOTSUPP); write access to a read-only mapping is EFAULT")
    void privateMappingOfDaxFileIsStillDax() {
        World world = RdmaWorlds.boot(RdmaWorlds.v8(), IommuMode.IDENTITY);
        Process p0 = world.process("P0", Creds.user(1000));
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 2, MmapFlags.MAP_PRIVATE);
            assertThat(world.rdma().regMr(p0, addr, 2 * PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
            int ro = (int) world.files().open(p0, F, OpenFlags.O_RDONLY).valueOrThrow();
            long roAddr = world.mm().mmap(p0, 0, PAGE, MmapFlags.PROT_READ, SHARED, ro, 0).valueOrThrow();
            assertThat(world.rdma().regMr(p0, roAddr, PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EFAULT));
            world.proc().exit(p0);
        });
        RdmaWorlds.assertCompleted(world.run());
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
    }
}
