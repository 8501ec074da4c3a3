package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.sim.FaultPlan;
import io.mapdirect.world.WorldConfig;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Edges of {@code ib_umem_get()} for a pinned MR [11] [22]: the overflow check
 * ({@code PAGE_ALIGN(addr + size) < addr + size} is EINVAL) comes before any allocation, the empty
 * range only after the umem is allocated ({@code ib_umem_num_pages() == 0}); the pin asks for
 * {@code FOLL_WRITE} only when {@code ib_access_writable()}; {@code get_user_pages()} runs in chunks
 * of {@code PAGE_SIZE / sizeof(struct page *)} pages, each starting where the last one ended; an IOVA
 * range is recorded only when {@code dma_map_sg} goes through an IOMMU domain.
 */
class UmemGetEdgesTest {
    @Test
    @DisplayName("ib_umem_get: a range ending inside the last page of the address space (PAGE_ALIGN wraps to 0) is EINVAL")
    void rangeWhosePageAlignedEndWrapsIsEinval() {
        RdmaUnitTest.inWorld(WorldConfig.defaults(), (w, p0) ->
                assertThat(w.rdma().regMr(p0, -PAGE, 100, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EINVAL)));
    }

    @Test
    @DisplayName("ib_umem_get: a zero length passes the overflow check, so the umem is allocated first: failing that allocation is ENOMEM")
    void zeroLengthAllocatesTheUmemBeforeCountingPages() {
        WorldConfig config = WorldConfig.defaults().withFaultRules(List.of(new FaultPlan.Rule("reg", "alloc", 1)));
        RdmaUnitTest.inWorld(config, (w, p0) -> {
            long anon = RdmaUnitTest.anonymous(w, p0, 1);
            p0.setFaultScope("reg");
            assertThat(w.rdma().regMr(p0, anon, 0, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.ENOMEM));
            p0.setFaultScope("P0");
        });
    }

    @Test
    @DisplayName("[11] ib_access_writable: a read-only MR pins a read-only mapping without FOLL_WRITE")
    void readOnlyMrPinsReadOnlyMemory() {
        RdmaUnitTest.inWorld(WorldConfig.defaults(), (w, p0) -> {
            long anon = RdmaUnitTest.anonymous(w, p0, 1);
            w.mm().store(p0, anon, 3);
            w.mm().mprotect(p0, anon, PAGE, MmapFlags.PROT_READ);
            int key = (int) w.rdma().regMr(p0, anon, PAGE, IbAccess.REMOTE_READ).valueOrThrow();
            assertThat(w.uverbs().device("nic").mr(key).umem().writable()).isFalse();
            assertThat(w.rdma().regMr(p0, anon, PAGE, IbAccess.DEFAULT)).isEqualTo(SysResult.err(Errno.EFAULT));
        });
    }

    @Test
    @DisplayName("ib_umem_get: 513 pages are pinned in two get_user_pages chunks, the second starting at page 512")
    void secondChunkStartsWhereTheFirstEnded() {
        int pages = UmemGet.PAGES_PER_CHUNK + 1;
        RdmaUnitTest.inWorld(WorldConfig.defaults(), (w, p0) -> {
            long anon = RdmaUnitTest.anonymous(w, p0, pages);
            int key = (int) w.rdma().regMr(p0, anon, pages * PAGE, IbAccess.DEFAULT).valueOrThrow();
            IbUmem umem = w.uverbs().device("nic").mr(key).umem();
            assertThat(umem.npages()).isEqualTo(pages);
            assertThat(umem.pfns()).doesNotHaveDuplicates();
            assertThat(umem.pages().get(pages - 1).address()).isEqualTo(anon + (pages - 1) * PAGE);
        });
    }

    @Test
    @DisplayName("dma_map_sg without an IOMMU: the bus addresses are physical, so the umem records no IOVA range")
    void noIommuNoIovaRange() {
        var world = RdmaUnitTest.inWorld(RdmaWorlds.config(RdmaWorlds.v8(), IommuMode.NONE), (w, p0) -> {
            long anon = RdmaUnitTest.anonymous(w, p0, 2);
            int key = (int) w.rdma().regMr(p0, anon, 2 * PAGE, IbAccess.DEFAULT).valueOrThrow();
            assertThat(w.uverbs().device("nic").mr(key).umem().iovaRange()).isNull();
        });
        assertThat(world.kernel().events().ofType(RdmaEvent.MrRegistered.class)).singleElement()
                .satisfies(registered -> {
                    assertThat(registered.iovaStartPfn()).isEqualTo(-1);
                    assertThat(registered.iovaPages()).isZero();
                });
    }
}
