package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.mm.MmuNotifier;
import io.mapdirect.world.WorldConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The ODP MR as an MMU notifier [34] [38]: {@code ib_umem_notifier_invalidate_range_start()} clips
 * the invalidated range to the MR ({@code max(start, ib_umem_start())},
 * {@code min(end, ib_umem_end())}), zaps only that part and moves the notifier sequence count up;
 * {@code ib_umem_odp_release()} unregisters the notifier, so a later unmap of the range no longer
 * reaches the MR; a fault's page keeps its file position only while it is the file's own page (a
 * private mapping's copied page has none).
 */
class OdpNotifierTest {
    private static WorldConfig odp() {
        return RdmaWorlds.config(RdmaWorlds.v8().withOdp(true), IommuMode.DMA_STRICT);
    }

    @Test
    @DisplayName("[34] an unmap starting before the MR is clipped to the MR's first page: only that translation is zapped, the next page still lands without a fault")
    void invalidationIsClippedToTheMr() {
        RdmaUnitTest.inWorld(odp(), (w, p0) -> {
            long anon = RdmaUnitTest.anonymous(w, p0, 4);
            int key = (int) w.rdma().regMr(p0, anon + PAGE, 2 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(w.nic().dmaWrite(key, 0, 1).landed()).isTrue();
            assertThat(w.nic().dmaWrite(key, PAGE, 2).landed()).isTrue();
            long faults = w.kernel().probes().count("ODP page fault");
            w.mm().munmap(p0, anon, 2 * PAGE);
            assertThat(w.kernel().events().ofType(RdmaEvent.OdpInvalidated.class)).singleElement()
                    .isEqualTo(new RdmaEvent.OdpInvalidated("nic", key, p0.pid(), anon + PAGE, anon + 2 * PAGE,
                            MmuNotifier.Event.UNMAP, 1));
            assertThat(w.nic().dmaRead(key, PAGE).landed()).isTrue();
            assertThat(w.kernel().probes().count("ODP page fault")).isEqualTo(faults);
        });
    }

    @Test
    @DisplayName("[34] the notifier sequence count moves up by one per invalidation reaching the MR, and not for one outside it")
    void sequenceCountMovesUpPerInvalidation() {
        RdmaUnitTest.inWorld(odp(), (w, p0) -> {
            long anon = RdmaUnitTest.anonymous(w, p0, 4);
            int key = (int) w.rdma().regMr(p0, anon, 2 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            IbUmemOdp notifier = w.uverbs().device("nic").mr(key).umem().odp();
            assertThat(notifier.notifierSeq()).isZero();
            w.mm().munmap(p0, anon + 3 * PAGE, PAGE);
            assertThat(notifier.notifierSeq()).isZero();
            w.mm().munmap(p0, anon + PAGE, PAGE);
            w.mm().munmap(p0, anon, PAGE);
            assertThat(notifier.notifierSeq()).isEqualTo(2);
        });
    }

    @Test
    @DisplayName("[34] ib_umem_odp_release: after deregistration an unmap of the range no longer reaches the MR")
    void deregistrationUnregistersTheNotifier() {
        RdmaUnitTest.inWorld(odp(), (w, p0) -> {
            long anon = RdmaUnitTest.anonymous(w, p0, 2);
            int key = (int) w.rdma().regMr(p0, anon, 2 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(w.nic().dmaWrite(key, 0, 1).landed()).isTrue();
            assertThat(w.rdma().deregMr(p0, key)).isEqualTo(SysResult.ok());
            w.mm().munmap(p0, anon, 2 * PAGE);
            assertThat(w.kernel().events().ofType(RdmaEvent.OdpInvalidated.class)).isEmpty();
        });
    }

    @Test
    @DisplayName("ODP over a private DAX mapping: a fault on a copied page has no file position, one on a page still the file's has the file's")
    void faultKeepsTheFilePositionOfUncopiedPrivatePagesOnly() {
        var world = RdmaUnitTest.inWorld(odp(), (w, p0) -> {
            int fd = RdmaWorlds.createF(w, p0);
            long addr = RdmaWorlds.mmap(w, p0, fd, 2, MmapFlags.MAP_PRIVATE);
            w.mm().store(p0, addr, 9);
            int key = (int) w.rdma().regMr(p0, addr, 2 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(w.nic().dmaRead(key, 0).landed()).isTrue();
            assertThat(w.nic().dmaRead(key, PAGE).landed()).isTrue();
        });
        long ino = RdmaWorlds.inode(world, RdmaWorlds.F).ino();
        assertThat(world.kernel().events().ofType(RdmaEvent.OdpFaultResolved.class))
                .extracting(RdmaEvent.OdpFaultResolved::ino, RdmaEvent.OdpFaultResolved::fileBlock)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(-1L, -1L), org.assertj.core.groups.Tuple.tuple(ino, 1L));
    }

    @Test
    @DisplayName("ODP over a shared non-DAX mapping: the page is the page cache's, not the block, and still the file's at its position")
    void faultOfASharedPageCacheMappingKeepsItsFilePosition() {
        var world = RdmaUnitTest.inWorld(odp().withXfsDax(false), (w, p0) -> {
            int fd = RdmaWorlds.createF(w, p0);
            long addr = RdmaWorlds.mmap(w, p0, fd, 2, MmapFlags.MAP_SHARED);
            int key = (int) w.rdma().regMr(p0, addr, 2 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(w.nic().dmaRead(key, 0).landed()).isTrue();
            assertThat(w.nic().dmaRead(key, PAGE).landed()).isTrue();
        });
        long ino = RdmaWorlds.inode(world, RdmaWorlds.F).ino();
        assertThat(world.kernel().events().ofType(RdmaEvent.OdpFaultResolved.class))
                .extracting(RdmaEvent.OdpFaultResolved::ino, RdmaEvent.OdpFaultResolved::fileBlock)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ino, 0L), org.assertj.core.groups.Tuple.tuple(ino, 1L));
    }

    @Test
    @DisplayName("ODP over a shared device-dax mapping: the page is the instance's at its offset, though the instance has no page lookup")
    void faultOfASharedDeviceDaxMappingKeepsItsFilePosition() {
        var config = odp().withDevdax(java.util.List.of(new WorldConfig.DevDax("dax0", 4, 1000)));
        var world = RdmaUnitTest.inWorld(config, (w, p0) -> {
            int fd = (int) w.files().open(p0, "/dev/dax0", io.mapdirect.fs.OpenFlags.O_RDWR).valueOrThrow();
            long addr = RdmaWorlds.mmap(w, p0, fd, 2, MmapFlags.MAP_SHARED);
            int key = (int) w.rdma().regMr(p0, addr, 2 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(w.nic().dmaRead(key, PAGE).landed()).isTrue();
        });
        long ino = world.devdaxInstances().get(0).ino();
        assertThat(world.kernel().events().ofType(RdmaEvent.OdpFaultResolved.class))
                .extracting(RdmaEvent.OdpFaultResolved::ino, RdmaEvent.OdpFaultResolved::fileBlock)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ino, 1L));
    }
}
