package io.mapdirect.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.ScatterList;
import io.mapdirect.hw.TestKernels;
import io.mapdirect.iommu.Iommu;
import io.mapdirect.iommu.IommuDomain;
import io.mapdirect.iommu.IommuEvent;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.iommu.IommuVendor;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Oops;
import io.mapdirect.kernel.Repair;
import org.junit.jupiter.api.Test;

/**
 * Edges of the DMA API and the series' revocation that {@link DmaMappingTest} does not pin:
 * <ul>
 * <li>amd-iommu's {@code map_sg()}: {@code s->dma_address += address + s->offset}, so an entry
 *     that starts inside its page gets a bus address with the same offset;</li>
 * <li>{@code map_sg()}'s {@code out_unmap} (repaired AMD_MAP_SG_UNWINDS_ALL): the pages unmapped
 *     with {@code iommu_unmap_page()} are synced ({@code iommu_tlb_sync}) before the IOVA is freed;</li>
 * <li>v8's break [22] calls {@code iommu_unmap()} on the domain {@code dma_get_iommu_domain()}
 *     returned [20]: an amd-iommu domain has IOMMU-API ops whatever the Intel repair says; an
 *     intel-iommu DMA-API domain has none, so as posted the call oopses, repaired it unmaps;</li>
 * <li>the report: a map that fails in {@code iommu_map()} is an SgMapFailed naming the error, and
 *     the lazy and REMAP revocations are SgRevoked of their kind over the sg range.</li>
 * </ul>
 */
class DmaMappingEdgesTest {
    private static final int PAGE = Pmem.PAGE_SIZE;

    private final PciDevice nic = PciDevice.of("nic");

    @Test
    void entryOffsetIsAddedToTheBusAddress() {
        Kernel kernel = TestKernels.kernel();
        DmaMapping dma = new DmaMapping(kernel, new Iommu(kernel, Pmem.fromConfig(kernel)));
        IommuDomain domain = dma.iommu().attach(nic, IommuMode.DMA_STRICT);
        ScatterList sgl = new ScatterList().add(3, 16, 100);

        assertThat(dma.dmaMapSg(nic, sgl, 1, DmaDirection.BIDIRECTIONAL)).isEqualTo(1);

        long startPfn = domain.iovad().allocated().get(0).startPfn();
        assertThat(sgl.get(0).dmaAddress()).isEqualTo((startPfn << Pmem.PAGE_SHIFT) + 16);
    }

    @Test
    void mapSgUnwindSyncsTheIotlbForThePagesItUnmapped() {
        Kernel kernel = TestKernels.failingAllocation(3); // 1: struct iova, 2: leaf table 0, 3: leaf table 1
        DmaMapping dma = new DmaMapping(kernel, new Iommu(kernel, Pmem.fromConfig(kernel)));
        PciDevice low = PciDevice.of("low").withDmaMask(0x200FFFL); // IOVA limit pfn 512: the range is 511..512
        IommuDomain domain = dma.iommu().attach(low, IommuMode.DMA_STRICT);

        assertThat(dma.dmaMapSg(low, ScatterList.ofPages(1, 2), 2, DmaDirection.BIDIRECTIONAL)).isZero();

        assertThat(kernel.events().ofType(IommuEvent.IotlbInvalidated.class))
                .containsExactly(new IommuEvent.IotlbInvalidated(domain.id(), 511, 1, 0, IommuEvent.InvalidateCause.SYNC));
    }

    @Test
    void breakUnmapsAnAmdDomainAlsoWithTheIntelRepairReverted() {
        Kernel kernel = TestKernels.reverting(Repair.INTEL_DMA_DOMAIN_TAKES_IOMMU_API);
        DmaMapping dma = new DmaMapping(kernel, new Iommu(kernel, Pmem.fromConfig(kernel)));
        IommuDomain domain = dma.iommu().attach(nic, IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3, 4);
        dma.dmaMapSg(nic, sgl, 2, DmaDirection.BIDIRECTIONAL);

        assertThat(dma.revocation().iommuUnmapSg(dma.dmaGetIommuDomain(nic), nic, sgl, 2)).isEqualTo(2L * PAGE);
        assertThat(domain.mappedPages()).isZero();
    }

    @Test
    void breakUnmapsAnIntelDmaDomainWhenRepaired() {
        Kernel kernel = TestKernels.kernel();
        DmaMapping dma = new DmaMapping(kernel, new Iommu(kernel, Pmem.fromConfig(kernel), IommuVendor.INTEL));
        IommuDomain domain = dma.iommu().attach(nic, IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3, 4);
        dma.dmaMapSg(nic, sgl, 2, DmaDirection.BIDIRECTIONAL);

        assertThat(domain.hasIommuApiOps()).isFalse();
        assertThat(dma.revocation().iommuUnmapSg(dma.dmaGetIommuDomain(nic), nic, sgl, 2)).isEqualTo(2L * PAGE);
        assertThat(domain.mappedPages()).isZero();
    }

    @Test
    void breakOopsesOnAnIntelDmaDomainAsPosted() {
        Kernel kernel = TestKernels.reverting(Repair.INTEL_DMA_DOMAIN_TAKES_IOMMU_API);
        DmaMapping dma = new DmaMapping(kernel, new Iommu(kernel, Pmem.fromConfig(kernel), IommuVendor.INTEL));
        dma.iommu().attach(nic, IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3, 4);
        dma.dmaMapSg(nic, sgl, 2, DmaDirection.BIDIRECTIONAL);

        assertThatThrownBy(() -> dma.revocation().iommuUnmapSg(dma.dmaGetIommuDomain(nic), nic, sgl, 2))
                .isInstanceOfSatisfying(Oops.class, oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.NULL_DEREF));
    }

    @Test
    void mapSgFailingInIommuMapIsReportedWithTheError() {
        Kernel kernel = TestKernels.failingAllocation(3); // 1: struct iova, 2: leaf table 0, 3: leaf table 1
        DmaMapping dma = new DmaMapping(kernel, new Iommu(kernel, Pmem.fromConfig(kernel)));
        PciDevice low = PciDevice.of("low").withDmaMask(0x200FFFL); // IOVA limit pfn 512: the range is 511..512
        dma.iommu().attach(low, IommuMode.DMA_STRICT);

        dma.dmaMapSg(low, ScatterList.ofPages(1, 2), 2, DmaDirection.BIDIRECTIONAL);

        assertThat(kernel.events().ofType(DmaEvent.SgMapFailed.class))
                .containsExactly(new DmaEvent.SgMapFailed("low", 2, "iommu_map returned -12"));
    }

    @Test
    void lazyRevocationIsReportedAsLazy() {
        Kernel kernel = TestKernels.kernel();
        DmaMapping dma = new DmaMapping(kernel, new Iommu(kernel, Pmem.fromConfig(kernel)));
        IommuDomain domain = dma.iommu().attach(nic, IommuMode.DMA_LAZY);
        ScatterList sgl = ScatterList.ofPages(3, 4);
        dma.dmaMapSg(nic, sgl, 2, DmaDirection.BIDIRECTIONAL);
        long iova = sgl.get(0).dmaAddress();

        dma.revocation().iommuUnmapSgLazy(domain, nic, sgl, 2);

        assertThat(kernel.events().ofType(DmaEvent.SgRevoked.class))
                .containsExactly(new DmaEvent.SgRevoked("nic", iova, 2, DmaEvent.RevokeKind.IOMMU_UNMAP_LAZY));
    }

    @Test
    void remapRevocationIsReportedAsRemap() {
        Kernel kernel = TestKernels.kernel();
        DmaMapping dma = new DmaMapping(kernel, new Iommu(kernel, Pmem.fromConfig(kernel)));
        IommuDomain domain = dma.iommu().attach(nic, IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3, 4);
        dma.dmaMapSg(nic, sgl, 2, DmaDirection.BIDIRECTIONAL);
        long iova = sgl.get(0).dmaAddress();

        dma.revocation().remapSgToScratch(domain, nic, sgl, 2, 63);

        assertThat(kernel.events().ofType(DmaEvent.SgRevoked.class))
                .containsExactly(new DmaEvent.SgRevoked("nic", iova, 2, DmaEvent.RevokeKind.REMAP_SCRATCH));
    }
}
