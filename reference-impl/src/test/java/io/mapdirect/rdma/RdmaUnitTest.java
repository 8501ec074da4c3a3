package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.DIRECT;
import static io.mapdirect.rdma.RdmaWorlds.F;
import static io.mapdirect.rdma.RdmaWorlds.FALLOC_PUNCH;
import static io.mapdirect.rdma.RdmaWorlds.MS;
import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static io.mapdirect.rdma.RdmaWorlds.RW;
import static io.mapdirect.rdma.RdmaWorlds.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.hw.PciDevice;
import io.mapdirect.iommu.IommuDomain;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.iommu.IovaRange;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.nic.DmaResult;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Unit facts of the RDMA layer, each from a seed message or a kernel rule it names. */
class RdmaUnitTest {
    /** Runs {@code body(world, p0)} as P0 in a fresh world and checks the run completed and nothing leaked. */
    static World inWorld(WorldConfig config, BiConsumer<World, Process> body) {
        World world = World.boot(config);
        Process p0 = world.process("P0", Creds.user(1000));
        world.start(p0, () -> {
            body.accept(world, p0);
            world.proc().exit(p0);
        });
        RdmaWorlds.assertCompleted(world.run());
        RdmaWorlds.assertNothingLeft(world);
        return world;
    }

    static long anonymous(World world, Process p, long pages) {
        return world.mm().mmap(p, 0, pages * PAGE, RW, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS, -1, 0)
                .valueOrThrow();
    }

    /** P0 registers f's MAP_DIRECT mapping, P1 punches block 1 at 10 ms; {@code after(world, p0, key)} runs at 20 ms. */
    private static World breakThen(Policy policy, IommuMode mode, AfterBreak after, KnownBug... bugs) {
        World world = RdmaWorlds.boot(policy, mode, bugs);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            int key = (int) world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            world.sim().sleepNs(20 * MS, null);
            after.run(world, p0, key);
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            int fd = (int) world.files().open(p1, F, OpenFlags.O_RDWR).valueOrThrow();
            world.sim().sleepNs(10 * MS, null);
            world.files().fallocate(p1, fd, FALLOC_PUNCH, PAGE, PAGE);
            world.proc().exit(p1);
        });
        RdmaWorlds.assertCompleted(world.run());
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
        return world;
    }

    @FunctionalInterface
    interface AfterBreak {
        void run(World world, Process p0, int key);
    }

    @Test
    @DisplayName("[15] v7: the IOVA range freed by the break's dma_unmap_sg is the next registration's range")
    void v7IovaReusedAfterBreak_seed15() {
        World world = breakThen(RdmaWorlds.v7(), IommuMode.DMA_STRICT, (w, p0, key) -> {
            IovaRange revoked = w.uverbs().mrs(p0).get(0).umem().iovaRange();
            int other = (int) w.rdma().regMr(p0, anonymous(w, p0, 1), PAGE, IbAccess.DEFAULT).valueOrThrow();
            IbMr mr = w.uverbs().device("nic").mr(other);
            assertThat(mr.umem().iovaRange().startPfn()).isEqualTo(revoked.startPfn());
        });
        assertThat(world.kernel().probes().count("IOVA reused while its MR is live")).isEqualTo(1);
    }

    @Test
    @DisplayName("[16]-[19] [22] v8: the revoked range stays allocated until release; only then is it handed out again")
    void v8IovaKeptUntilRelease_seed22() {
        breakThen(RdmaWorlds.v8(), IommuMode.DMA_STRICT, (w, p0, key) -> {
            IovaRange revoked = w.uverbs().mrs(p0).get(0).umem().iovaRange();
            IommuDomain domain = RdmaWorlds.domain(w);
            assertThat(domain.iovad().isAllocated(revoked.startPfn())).isTrue();
            assertThat(domain.mappedPages()).isZero();
            long anon = anonymous(w, p0, 1);
            int other = (int) w.rdma().regMr(p0, anon, PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(w.uverbs().device("nic").mr(other).umem().iovaRange().overlaps(revoked)).isFalse();
            assertThat(w.rdma().deregMr(p0, key)).isEqualTo(SysResult.ok());
            int third = (int) w.rdma().regMr(p0, anon, PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(w.uverbs().device("nic").mr(third).umem().iovaRange().startPfn()).isEqualTo(revoked.startPfn());
        });
    }

    @Test
    @DisplayName("[28] [19]: an identity domain cannot revoke: with v7's IDENTITY_HAS_IOMMU the break 'unmaps' and the device still writes f")
    void identityDomainCannotRevoke_seed28() {
        World world = breakThen(RdmaWorlds.v7(), IommuMode.IDENTITY, (w, p0, key) -> {
            int block1 = RdmaWorlds.block(w, F, 1);
            assertThat(w.nic().dmaWrite(key, PAGE, 5)).isInstanceOfSatisfying(DmaResult.Landed.class,
                    landed -> assertThat(landed.block()).isEqualTo(block1));
        }, KnownBug.IDENTITY_HAS_IOMMU);
        assertThat(world.kernel().events().ofType(RdmaEvent.MrRevoked.class))
                .extracting(RdmaEvent.MrRevoked::action).containsExactly(RdmaEvent.RevokeAction.DMA_UNMAP_SG);
    }

    @Test
    @DisplayName("[21]: with a 2-page segment boundary, dma_map_sg's range is iommu_sg_num_pages long and v8's break unmaps all of it")
    void segmentBoundaryRangeFullyRevoked_seed21() {
        WorldConfig config = RdmaWorlds.config(RdmaWorlds.v8(), IommuMode.DMA_STRICT)
                .withRdma(List.of(new WorldConfig.RdmaDevice("nic", IommuMode.DMA_STRICT, 0x1FFF)));
        World world = World.boot(config);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            // 2 pages' worth starting 2 bytes before a page end: 3 pages touched.
            int key = (int) world.rdma().regMr(p0, addr + PAGE - 2, 2 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            IbUmem umem = world.uverbs().device("nic").mr(key).umem();
            assertThat(umem.npages()).isEqualTo(3);
            assertThat(umem.iovaRange().pages()).isEqualTo(3);
            assertThat(RdmaWorlds.domain(world).mappedPages()).isEqualTo(3);
            world.sim().sleepNs(20 * MS, null);
            assertThat(RdmaWorlds.domain(world).mappedPages()).isZero();
            assertThat(world.nic().dmaWrite(key, 0, 1)).isInstanceOf(DmaResult.IommuFault.class);
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(10 * MS, null);
            world.files().truncate(p1, F, 0);
        });
        RdmaWorlds.assertCompleted(world.run());
        assertThat(world.nic().device().segmentBoundaryMask()).isEqualTo(0x1FFF);
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
    }

    @Test
    @DisplayName("ib_check_mr_access, ib_umem_get [11]: bad access flags, zero length and an overflowing range are EINVAL")
    void invalidArguments() {
        World world = inWorld(WorldConfig.defaults(), (w, p0) -> {
            long anon = anonymous(w, p0, 2);
            assertThat(w.rdma().regMr(p0, anon, PAGE, IbAccess.REMOTE_WRITE)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(w.rdma().regMr(p0, anon, PAGE, 1 << 20)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(w.rdma().regMr(p0, anon, 0, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(w.rdma().regMr(p0, -PAGE, 2 * PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(w.rdma().regMr(p0, anon, 0, IbAccess.DEFAULT | IbAccess.ON_DEMAND)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(w.rdma().regMr(p0, anon + 8 * PAGE, PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EFAULT));
            assertThat(w.rdma().regMr(p0, "mlx9", anon, PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.ENODEV));
            assertThat(w.rdma().deregMr(p0, 42)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(w.rdma().deregMr(p0, "mlx9", 1)).isEqualTo(SysResult.err(Errno.ENODEV));
            int key = (int) w.rdma().regMr(p0, "nic", anon, PAGE, IbAccess.REMOTE_READ).valueOrThrow();
            assertThat(w.rdma().deregMr(p0, 42)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(w.rdma().deregMr(p0, "nic", key)).isEqualTo(SysResult.ok());
        });
        assertThat(world.kernel().events().ofType(RdmaEvent.MrRegistrationFailed.class)).hasSize(6);
        assertThat(IbAccess.writable(IbAccess.REMOTE_READ)).isFalse();
    }

    @Test
    @DisplayName("[40] ib_uverbs_close: MRs left at exit, pinned and ODP, are deregistered as the uverbs fd closes")
    void exitDeregistersLeftoverMrs() {
        World world = inWorld(WorldConfig.defaults(), (w, p0) -> {
            long anon = anonymous(w, p0, 2);
            w.rdma().regMr(p0, anon, PAGE, IbAccess.DEFAULT).valueOrThrow();
            w.rdma().regMr(p0, anon + PAGE, PAGE, IbAccess.DEFAULT | IbAccess.ON_DEMAND).valueOrThrow();
            assertThat(w.rdma().mrs(p0)).extracting(IbMr::odp).containsExactly(false, true);
            assertThat(w.rdma().mrs(p0).get(0).context().toString()).isEqualTo("ib_ucontext(P0 on nic)");
        });
        assertThat(world.kernel().events().ofType(RdmaEvent.MrDeregistered.class)).hasSize(2);
        assertThat(world.uverbs().mrs(world.processes().byName("P0"))).isEmpty();
    }

    @Test
    @DisplayName("ODP [34]: the device writes anonymous memory through an ODP MR; a page fault for an MR the verbs core does not know fails EFAULT")
    void odpOnAnonymousMemoryAndUnknownMr() {
        inWorld(RdmaWorlds.config(RdmaWorlds.v8().withOdp(true), IommuMode.NONE), (w, p0) -> {
            long anon = anonymous(w, p0, 2);
            int key = (int) w.rdma().regMr(p0, anon, 2 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(w.nic().dmaWrite(key, PAGE + 8, 77)).isInstanceOf(DmaResult.Landed.class);
            assertThat(w.mm().load(p0, anon + PAGE)).isEqualTo(SysResult.value(77));
            assertThat(w.nic().dmaRead(key, PAGE)).isInstanceOfSatisfying(DmaResult.Landed.class,
                    landed -> assertThat(landed.version()).isEqualTo(77));
            int raw = w.nic().createOdpMr(anon, PAGE);
            assertThat(w.nic().dmaWrite(raw, 0, 1)).isEqualTo(new DmaResult.OdpFault(anon, Errno.EFAULT));
            w.nic().destroyMr(raw);
            w.mm().mprotect(p0, anon, PAGE, MmapFlags.PROT_READ);
            w.nic().resetQp(key);
            assertThat(w.nic().dmaWrite(key, 0, 1)).isEqualTo(new DmaResult.OdpFault(anon, Errno.EFAULT));
        });
    }

    @Test
    @DisplayName("the layout-lease RFC (2019): a long-term pin of fs-DAX without an F_LAYOUT lease is EPERM; device-dax and anonymous memory register")
    void layoutLeaseRfcRefusesWithoutLease() {
        WorldConfig config = RdmaWorlds.config(RdmaWorlds.v8().withLongTermPin(Policy.LongTermPin.LAYOUT_LEASE),
                IommuMode.DMA_STRICT).withDevdax(List.of(new WorldConfig.DevDax("dax0", 2, 1000)));
        World world = inWorld(config, (w, p0) -> {
            int fd = RdmaWorlds.createF(w, p0);
            long addr = RdmaWorlds.mmap(w, p0, fd, 4, SHARED);
            assertThat(w.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EPERM));
            int dax = (int) w.files().open(p0, "/dev/dax0", OpenFlags.O_RDWR).valueOrThrow();
            long daxAddr = RdmaWorlds.mmap(w, p0, dax, 2, SHARED);
            assertThat(w.rdma().regMr(p0, daxAddr, 2 * PAGE, IbAccess.DEFAULT).isOk()).isTrue();
        });
        assertThat(world.kernel().probes().count("registration refused: no F_LAYOUT lease")).isEqualTo(1);
    }

    @Test
    @DisplayName("two NICs: MR keys are per device; each device's calls reach its own NIC, and PciDevice names follow the configuration")
    void twoDevices() {
        WorldConfig config = WorldConfig.defaults().withRdma(List.of(WorldConfig.RdmaDevice.of("mlx0", IommuMode.DMA_STRICT),
                WorldConfig.RdmaDevice.of("mlx1", IommuMode.DMA_LAZY)));
        World world = inWorld(config, (w, p0) -> {
            long anon = anonymous(w, p0, 1);
            int k0 = (int) w.rdma().regMr(p0, anon, PAGE, IbAccess.DEFAULT).valueOrThrow();
            int k1 = (int) w.rdma().regMr(p0, "mlx1", anon, PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(k0).isEqualTo(k1);
            assertThat(w.nic("mlx1").dmaWrite(k1, 0, 3)).isInstanceOf(DmaResult.Landed.class);
            assertThat(w.rdma().deregMr(p0, w.rdma().device("mlx1"), k1)).isEqualTo(SysResult.ok());
            assertThat(w.nic("mlx0").mr(k0)).isNotNull();
        });
        assertThat(world.rdma().devices()).extracting(IbDevice::name).containsExactly("mlx0", "mlx1");
        assertThat(world.rdma().devices().get(1).dmaDevice().segmentBoundaryMask())
                .isEqualTo(PciDevice.DEFAULT_SEGMENT_BOUNDARY_MASK);
        assertThat(world.nics()).hasSize(2);
        assertThat(world.rdma().devices().get(0).toString()).isEqualTo("mlx0");
    }

    @Test
    @DisplayName("directIo: a negative length or hold is EINVAL, a zero length is 0, an unmapped buffer EFAULT; pins are dropped afterwards")
    void directIoArguments() {
        inWorld(WorldConfig.defaults(), (w, p0) -> {
            long anon = anonymous(w, p0, 2);
            assertThat(w.rdma().directIo(p0, anon, -1, 0)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(w.rdma().directIo(p0, anon, PAGE, -1)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(w.rdma().directIo(p0, anon, 0, 0)).isEqualTo(SysResult.ok());
            assertThat(w.rdma().directIo(p0, anon + 4 * PAGE, PAGE, 0)).isEqualTo(SysResult.err(Errno.EFAULT));
            assertThat(w.rdma().directIo(p0, anon + 10, PAGE, 0)).isEqualTo(SysResult.value(PAGE));
            assertThat(w.pins().all()).isEmpty();
        });
    }

    @Test
    @DisplayName("the umem label names the MR once it exists, so BreakCallbackReturned's owner identifies the revoked MR")
    void umemLabelNamesTheMr() {
        World world = breakThen(RdmaWorlds.v8(), IommuMode.DMA_STRICT, (w, p0, key) -> { });
        var returned = world.kernel().events().ofType(
                io.mapdirect.fs.mapdirect.MapDirectEvents.BreakCallbackReturned.class);
        var revoked = world.kernel().events().ofType(RdmaEvent.MrRevoked.class);
        assertThat(returned).hasSize(1);
        assertThat(returned.get(0).owner()).endsWith(" mr 1 on nic").isEqualTo(revoked.get(0).umem());
        var registered = world.kernel().events().ofType(RdmaEvent.MrRegistered.class).get(0);
        assertThat(registered.pages()).hasSize(4).allSatisfy(page -> assertThat(page.ino())
                .isEqualTo(RdmaWorlds.inode(world, F).ino()));
        assertThat(registered.pages()).extracting(RdmaEvent.MrPage::fileBlock).containsExactly(0L, 1L, 2L, 3L);
        assertThat(registered.iovaPages()).isEqualTo(4);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = Policy.Revoke.class, names = {"DMA_UNMAP_SG", "IOMMU_UNMAP"})
    @DisplayName("[11] [22] per distinct VMA: an MR over a MAP_DIRECT mapping split by mprotect owns two leases; both break, the second callback finds nothing more to revoke")
    void oneLeasePerDistinctVma(Policy.Revoke revoke) {
        World world = RdmaWorlds.boot(RdmaWorlds.v8().withRevoke(revoke), IommuMode.DMA_STRICT);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            long addr = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
            world.mm().mprotect(p0, addr + 2 * PAGE, 2 * PAGE, MmapFlags.PROT_READ | MmapFlags.PROT_WRITE | MmapFlags.PROT_EXEC);
            assertThat(p0.mm().vmas()).hasSize(2);
            int key = (int) world.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(world.uverbs().device("nic").mr(key).umem().leases()).hasSize(2);
            world.sim().sleepNs(20 * MS, null);
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            world.sim().sleepNs(10 * MS, null);
            world.files().truncate(p1, F, 0);
        });
        RdmaWorlds.assertCompleted(world.run());
        RdmaEvent.RevokeAction first = revoke == Policy.Revoke.DMA_UNMAP_SG ? RdmaEvent.RevokeAction.DMA_UNMAP_SG
                : RdmaEvent.RevokeAction.IOMMU_UNMAP;
        RdmaEvent.RevokeAction second = revoke == Policy.Revoke.DMA_UNMAP_SG ? RdmaEvent.RevokeAction.NOTHING_MAPPED
                : RdmaEvent.RevokeAction.IOMMU_UNMAP;
        assertThat(world.kernel().events().ofType(RdmaEvent.MrRevoked.class)).extracting(RdmaEvent.MrRevoked::action)
                .containsExactly(first, second);
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
    }

    @Test
    @DisplayName("[34] the ODP MR's notifier hears only invalidations inside its range; an ODP range that wraps is EINVAL; dereg on a device with no context is EINVAL")
    void odpNotifierRangeAndArguments() {
        World world = inWorld(RdmaWorlds.config(RdmaWorlds.v8().withOdp(true), IommuMode.DMA_STRICT)
                .withRdma(List.of(WorldConfig.RdmaDevice.of("nic", IommuMode.DMA_STRICT),
                        WorldConfig.RdmaDevice.of("nic2", IommuMode.NONE))), (w, p0) -> {
            long anon = anonymous(w, p0, 4);
            int key = (int) w.rdma().regMr(p0, anon, 2 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(w.nic().dmaWrite(key, 0, 1).landed()).isTrue();
            w.mm().munmap(p0, anon + 2 * PAGE, 2 * PAGE);
            assertThat(w.kernel().events().ofType(RdmaEvent.OdpInvalidated.class)).isEmpty();
            w.mm().munmap(p0, anon, PAGE);
            assertThat(w.kernel().events().ofType(RdmaEvent.OdpInvalidated.class)).singleElement()
                    .isEqualTo(new RdmaEvent.OdpInvalidated("nic", key, p0.pid(), anon, anon + PAGE,
                            io.mapdirect.mm.MmuNotifier.Event.UNMAP, 1));
            assertThat(w.rdma().regMr(p0, -PAGE, 2 * PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(w.rdma().deregMr(p0, "nic2", key)).isEqualTo(SysResult.err(Errno.EINVAL));
        });
        assertThat(world.kernel().probes().count("ODP invalidation")).as("the munmap, then exit").isEqualTo(2);
    }

    @Test
    @DisplayName("the layout-lease RFC: a MAP_DIRECT lease is not an F_LAYOUT lease of the file, so the pin is still EPERM")
    void layoutLeaseRfcDoesNotCountMapDirectLeases() {
        WorldConfig config = RdmaWorlds.config(RdmaWorlds.v8().withLongTermPin(Policy.LongTermPin.LAYOUT_LEASE),
                IommuMode.DMA_STRICT);
        inWorld(config, (w, p0) -> {
            int fd = RdmaWorlds.createF(w, p0);
            long addr = RdmaWorlds.mmap(w, p0, fd, 4, DIRECT);
            assertThat(w.rdma().regMr(p0, addr, 4 * PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EPERM));
        });
    }

    @Test
    @DisplayName("world set-up: at least one RDMA device is configured; an unknown NIC name is a set-up error; the scratch page is the last frame")
    void worldRdmaConfiguration() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> WorldConfig.defaults().withRdma(List.of()));
        World world = World.boot(WorldConfig.defaults());
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> world.nic("mlx9"));
        assertThat(world.scratchPfn()).isEqualTo(world.memory().pmem().blocks() - 1L);
        assertThat(world.memory().isDram(world.scratchPfn())).isTrue();
        assertThat(world.rdma().devices().get(0).scratchPfn()).isEqualTo(world.scratchPfn());
        assertThat(world.iommu().mode(world.nic().device())).isEqualTo(IommuMode.DMA_STRICT);
    }
}
