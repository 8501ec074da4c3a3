package io.mapdirect.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.ScatterList;
import io.mapdirect.hw.TestKernels;
import io.mapdirect.iommu.FaultReason;
import io.mapdirect.iommu.Iommu;
import io.mapdirect.iommu.IommuDomain;
import io.mapdirect.iommu.IommuEvent;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.iommu.IommuProt;
import io.mapdirect.iommu.IommuVendor;
import io.mapdirect.iommu.IovaRange;
import io.mapdirect.iommu.Pte;
import io.mapdirect.iommu.Translation;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Oops;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DmaMappingTest {
    private static final int PAGE = Pmem.PAGE_SIZE;

    private Kernel kernel = TestKernels.kernel();
    private Iommu iommu = new Iommu(kernel, Pmem.fromConfig(kernel));
    private DmaMapping dma = new DmaMapping(kernel, iommu);
    private final PciDevice nic = PciDevice.of("nic");

    private IommuDomain attach(IommuMode mode) {
        return iommu.attach(nic, mode);
    }

    private Translation.Mapped mapped(long dmaAddress) {
        return (Translation.Mapped) iommu.translate(nic, dmaAddress, true);
    }

    @Test
    @DisplayName("[19] [20] [28] identity domain cannot revoke: dma_get_iommu_domain is NULL, dma_has_iommu false")
    void identityDomainCannotRevoke_seed28() {
        attach(IommuMode.IDENTITY);
        assertThat(dma.dmaGetIommuDomain(nic)).isNull();
        assertThat(dma.dmaHasIommu(nic)).isFalse();
        assertThat(iommu.iommuGetDomainForDev(nic)).as("the generic API still returns it [28]").isNotNull();
    }

    @Test
    @DisplayName("[07] [19] fault IDENTITY_HAS_IOMMU: v7's dma_has_iommu() says yes for a passthrough device")
    void identityHasIommuBug_seed07() {
        kernel = TestKernels.withBugs(KnownBug.IDENTITY_HAS_IOMMU);
        iommu = new Iommu(kernel, Pmem.fromConfig(kernel));
        dma = new DmaMapping(kernel, iommu);
        PciDevice bare = PciDevice.of("bare");
        attach(IommuMode.IDENTITY);
        iommu.attach(bare, IommuMode.NONE);
        assertThat(dma.dmaHasIommu(nic)).isTrue();
        assertThat(dma.dmaGetIommuDomain(nic)).as("v8's helper excludes identity regardless [19]").isNull();
        assertThat(dma.dmaHasIommu(bare)).isFalse();
    }

    @Test
    @DisplayName("[07] fault IDENTITY_HAS_IOMMU sits in amd-iommu's line: intel_dma_has_iommu() says no for a passthrough device")
    void identityHasIommuBugIsAmdOnly_seed07() {
        kernel = TestKernels.withBugs(KnownBug.IDENTITY_HAS_IOMMU);
        Iommu intel = new Iommu(kernel, Pmem.fromConfig(kernel), IommuVendor.INTEL);
        DmaMapping intelDma = new DmaMapping(kernel, intel);
        PciDevice passthrough = PciDevice.of("passthrough");
        PciDevice translated = PciDevice.of("translated");
        intel.attach(passthrough, IommuMode.IDENTITY);
        intel.attach(translated, IommuMode.DMA_STRICT);
        assertThat(intel.vendor()).isEqualTo(IommuVendor.INTEL);
        assertThat(intelDma.dmaHasIommu(passthrough)).as("!iommu_no_mapping(dev)").isFalse();
        assertThat(intelDma.dmaHasIommu(translated)).isTrue();
        assertThat(iommu.vendor()).as("the default vendor").isEqualTo(IommuVendor.AMD);
    }

    @Test
    @DisplayName("[07] [20] no IOMMU: nothing translates, nothing revokes")
    void noIommuCannotRevoke_seed07() {
        attach(IommuMode.NONE);
        assertThat(dma.dmaHasIommu(nic)).isFalse();
        assertThat(dma.dmaGetIommuDomain(nic)).isNull();
        assertThat(dma.dmaHasIommu(PciDevice.of("never attached"))).isFalse();
    }

    @Test
    @DisplayName("[07] [20] strict and lazy DMA domains translate: dma_has_iommu true, dma_get_iommu_domain the domain")
    void dmaDomainsTranslate_seed20() {
        IommuDomain strict = attach(IommuMode.DMA_STRICT);
        PciDevice other = PciDevice.of("other");
        IommuDomain lazy = iommu.attach(other, IommuMode.DMA_LAZY);
        assertThat(dma.dmaHasIommu(nic)).isTrue();
        assertThat(dma.dmaGetIommuDomain(nic)).isSameAs(strict);
        assertThat(dma.dmaHasIommu(other)).isTrue();
        assertThat(dma.dmaGetIommuDomain(other)).isSameAs(lazy);
        assertThat(dma.iommu()).isSameAs(iommu);
    }

    @Test
    @DisplayName("spec §2.2: dma_map_sg allocates one IOVA range and maps every page; dma_address = bus address")
    void mapSgThroughDomain() {
        IommuDomain domain = attach(IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3, 9);
        assertThat(dma.dmaMapSg(nic, sgl, 2, DmaDirection.BIDIRECTIONAL)).isEqualTo(2);
        long base = sgl.get(0).dmaAddress();
        assertThat(sgl.get(1).dmaAddress()).isEqualTo(base + PAGE);
        assertThat(sgl.get(1).dmaLength()).isEqualTo(PAGE);
        assertThat(domain.iovad().allocated()).containsExactly(new IovaRange(base >>> 12, 2));
        assertThat(domain.pte((base >>> 12) + 1)).isEqualTo(new Pte(9, IommuProt.READ_WRITE));
        assertThat(mapped(base + PAGE + 8).block()).isEqualTo(9);
        assertThat(kernel.events().ofType(DmaEvent.SgMapped.class))
                .containsExactly(new DmaEvent.SgMapped("nic", base, 2, 2, true));
    }

    @Test
    @DisplayName("[15] Woodhouse: after a strict dma_unmap_sg the next map gets the same IOVA for other memory")
    void strictUnmapFreesIovaAndNextMapReusesIt_seed15() {
        IommuDomain domain = attach(IommuMode.DMA_STRICT);
        ScatterList first = ScatterList.ofPages(3, 4);
        dma.dmaMapSg(nic, first, 2, DmaDirection.BIDIRECTIONAL);
        long iova = first.get(0).dmaAddress();
        mapped(iova);
        dma.dmaUnmapSg(nic, first, 2, DmaDirection.BIDIRECTIONAL);
        assertThat(domain.iovad().allocated()).isEmpty();
        assertThat(domain.iotlbEntries()).isEmpty();
        assertThat(iommu.translate(nic, iova, true)).isEqualTo(new Translation.Fault(FaultReason.NOT_PRESENT));

        ScatterList second = ScatterList.ofPages(20, 21);
        dma.dmaMapSg(nic, second, 2, DmaDirection.BIDIRECTIONAL);

        assertThat(second.get(0).dmaAddress()).isEqualTo(iova);
        assertThat(mapped(iova).block()).as("the old DMA address now reaches someone else's memory").isEqualTo(20);
        assertThat(kernel.probes().count("IOVA reused")).isEqualTo(1);
        assertThat(kernel.events().ofType(DmaEvent.SgUnmapped.class))
                .containsExactly(new DmaEvent.SgUnmapped("nic", iova, 2, false, true));
    }

    @Test
    @DisplayName("[21] as amd-iommu's unmap_sg, dma_unmap_sg recounts with iommu_sg_num_pages, which rewrites dma_address")
    void unmapRewritesDmaAddressesToOffsets_seed21() {
        attach(IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3, 4);
        dma.dmaMapSg(nic, sgl, 2, DmaDirection.TO_DEVICE);
        dma.dmaUnmapSg(nic, sgl, 2, DmaDirection.TO_DEVICE);
        assertThat(sgl.entries()).extracting(ScatterList.Entry::dmaAddress).containsExactly(0L, (long) PAGE);
    }

    @Test
    @DisplayName("[28] lazy dma_unmap_sg: the IOVA stays allocated and the stale IOTLB entry translates until the drain")
    void lazyUnmapDefersIovaFreeUntilDrain_seed28() {
        IommuDomain domain = attach(IommuMode.DMA_LAZY);
        ScatterList sgl = ScatterList.ofPages(3);
        dma.dmaMapSg(nic, sgl, 1, DmaDirection.BIDIRECTIONAL);
        long iova = sgl.get(0).dmaAddress();
        mapped(iova);
        dma.dmaUnmapSg(nic, sgl, 1, DmaDirection.BIDIRECTIONAL);

        assertThat(domain.pte(iova >>> 12)).isNull();
        assertThat(domain.iovad().isAllocated(iova >>> 12)).isTrue();
        assertThat(mapped(iova).stale()).isTrue();
        ScatterList other = ScatterList.ofPages(30);
        dma.dmaMapSg(nic, other, 1, DmaDirection.BIDIRECTIONAL);
        assertThat(other.get(0).dmaAddress()).as("no reuse before the flush").isNotEqualTo(iova);

        domain.drainFlushQueue();

        assertThat(domain.iovad().isAllocated(iova >>> 12)).isFalse();
        assertThat(iommu.translate(nic, iova, true)).isEqualTo(new Translation.Fault(FaultReason.NOT_PRESENT));
        assertThat(kernel.events().ofType(DmaEvent.SgUnmapped.class)).extracting(DmaEvent.SgUnmapped::lazy).containsExactly(true);
    }

    @Test
    @DisplayName("spec §2.2: without translation dma_address is the physical address (offset included); unmap undoes nothing")
    void physicalMappingWithoutTranslation() {
        attach(IommuMode.IDENTITY);
        ScatterList sgl = new ScatterList().add(5, 16, 100).add(7, 0, 2 * PAGE);
        assertThat(dma.dmaMapSg(nic, sgl, 2, DmaDirection.FROM_DEVICE)).isEqualTo(2);
        assertThat(sgl.get(0).dmaAddress()).isEqualTo(5L * PAGE + 16);
        assertThat(sgl.get(1).dmaAddress()).isEqualTo(7L * PAGE);
        assertThat(sgl.get(1).dmaLength()).isEqualTo(2 * PAGE);
        dma.dmaUnmapSg(nic, sgl, 2, DmaDirection.FROM_DEVICE);
        assertThat(sgl.get(0).dmaAddress()).isEqualTo(5L * PAGE + 16);
        assertThat(mapped(5L * PAGE).block()).as("identity: the device still reaches the block").isEqualTo(5);
        assertThat(kernel.events().ofType(DmaEvent.SgMapped.class))
                .containsExactly(new DmaEvent.SgMapped("nic", 5L * PAGE, 3, 2, false));
        assertThat(kernel.events().ofType(DmaEvent.SgUnmapped.class))
                .containsExactly(new DmaEvent.SgUnmapped("nic", 5L * PAGE, 3, false, false));
    }

    @Test
    @DisplayName("[21] a segment crossing the device's boundary: padded range, entries mapped at the offsets iommu_sg_num_pages wrote")
    void boundaryPaddingInMapping_seed21() {
        PciDevice narrow = PciDevice.of("narrow").withSegmentBoundaryMask(0x3FFF);
        IommuDomain domain = iommu.attach(narrow, IommuMode.DMA_STRICT);
        ScatterList sgl = new ScatterList().add(0, 0, 3 * PAGE).add(10, 0, 3 * PAGE);
        assertThat(dma.dmaMapSg(narrow, sgl, 2, DmaDirection.BIDIRECTIONAL)).isEqualTo(2);
        long startPfn = domain.iovad().allocated().get(0).startPfn();
        assertThat(domain.iovad().allocated().get(0).pages()).isEqualTo(7);
        assertThat(sgl.get(1).dmaAddress()).isEqualTo((startPfn + 3) << 12);
        for (int page = 0; page < 3; page++) {
            assertThat(domain.pte(startPfn + page)).isEqualTo(new Pte(page, IommuProt.READ_WRITE));
            assertThat(domain.pte(startPfn + 3 + page)).isEqualTo(new Pte(10 + page, IommuProt.READ_WRITE));
        }
        assertThat(domain.pte(startPfn + 6)).as("the padding page stays unmapped").isNull();
        dma.dmaUnmapSg(narrow, sgl, 2, DmaDirection.BIDIRECTIONAL);
        assertThat(domain.iovad().allocated()).isEmpty();
        assertThat(domain.mappedPages()).isZero();
    }

    @Test
    @DisplayName("allocation-failure injection: no IOVA (the struct iova allocation fails) -> 0, nothing left")
    void iovaAllocationFailureReturnsZero() {
        kernel = TestKernels.failingAllocation(1);
        iommu = new Iommu(kernel, Pmem.fromConfig(kernel));
        dma = new DmaMapping(kernel, iommu);
        IommuDomain domain = attach(IommuMode.DMA_STRICT);
        assertThat(dma.dmaMapSg(nic, ScatterList.ofPages(1, 2), 2, DmaDirection.BIDIRECTIONAL)).isZero();
        assertThat(domain.iovad().allocated()).isEmpty();
        assertThat(kernel.events().ofType(DmaEvent.SgMapFailed.class)).hasSize(1);
    }

    @Test
    @DisplayName("allocation-failure injection: a page-table page fails mid-map -> every mapped page and the IOVA undone")
    void pageTableFailureMidMapUnwinds() {
        kernel = TestKernels.failingAllocation(3); // 1: struct iova, 2: leaf table 0, 3: leaf table 1
        iommu = new Iommu(kernel, Pmem.fromConfig(kernel));
        dma = new DmaMapping(kernel, iommu);
        PciDevice low = PciDevice.of("low").withDmaMask(0x200FFFL); // IOVA limit pfn 512: the range is 511..512
        IommuDomain domain = iommu.attach(low, IommuMode.DMA_STRICT);
        assertThat(dma.dmaMapSg(low, ScatterList.ofPages(1, 2), 2, DmaDirection.BIDIRECTIONAL)).isZero();
        assertThat(domain.mappedPages()).isZero();
        assertThat(domain.iovad().allocated()).isEmpty();
        assertThat(kernel.events().ofType(IommuEvent.PteUnmapped.class))
                .containsExactly(new IommuEvent.PteUnmapped(domain.id(), 511, 1));
        assertThat(kernel.events().ofType(IommuEvent.IovaFreed.class))
                .containsExactly(new IommuEvent.IovaFreed(domain.id(), 511, 2));
    }

    @Test
    @DisplayName("IOVA space exhausted: dma_map_sg returns 0")
    void iovaSpaceExhausted() {
        PciDevice tiny = PciDevice.of("tiny").withDmaMask(0x1FFFL); // pfn 1 only
        iommu.attach(tiny, IommuMode.DMA_STRICT);
        assertThat(dma.dmaMapSg(tiny, ScatterList.ofPages(1), 1, DmaDirection.BIDIRECTIONAL)).isEqualTo(1);
        assertThat(dma.dmaMapSg(tiny, ScatterList.ofPages(2), 1, DmaDirection.BIDIRECTIONAL)).isZero();
    }

    @Test
    @DisplayName("nents 0 maps and unmaps nothing; nents beyond the list is a BUG")
    void nentsEdgeCases() {
        attach(IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(1);
        assertThat(dma.dmaMapSg(nic, sgl, 0, DmaDirection.BIDIRECTIONAL)).isZero();
        dma.dmaUnmapSg(nic, sgl, 0, DmaDirection.BIDIRECTIONAL);
        assertThat(kernel.events().ofType(DmaEvent.class)).isEmpty();
        assertThatThrownBy(() -> dma.dmaMapSg(nic, sgl, 2, DmaDirection.BIDIRECTIONAL)).isInstanceOfSatisfying(Oops.class,
                oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.BUG)).hasMessageContaining("nents 2 > 1 entries");
        assertThatThrownBy(() -> dma.dmaUnmapSg(nic, sgl, 2, DmaDirection.BIDIRECTIONAL)).isInstanceOfSatisfying(Oops.class,
                oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.BUG)).hasMessageContaining("nents 2 > 1 entries");
    }

    @Test
    @DisplayName("[22] v8 break: iommu_unmap of the sg range; PTEs and IOTLB gone before return, IOVA still allocated until release")
    void v8IommuUnmapKeepsIovaAllocated_seed22() {
        IommuDomain domain = attach(IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3, 4);
        dma.dmaMapSg(nic, sgl, 2, DmaDirection.BIDIRECTIONAL);
        long iova = sgl.get(0).dmaAddress();
        mapped(iova);
        mapped(iova + PAGE);

        long unmapped = dma.revocation().iommuUnmapSg(dma.dmaGetIommuDomain(nic), nic, sgl, 2);

        assertThat(unmapped).isEqualTo(2L * PAGE);
        assertThat(domain.iotlbEntries()).isEmpty();
        assertThat(domain.mappedPages()).isZero();
        assertThat(domain.iovad().allocated()).containsExactly(new IovaRange(iova >>> 12, 2));
        assertThat(sgl.get(0).dmaAddress()).as("entries left intact for release").isEqualTo(iova);
        ScatterList other = ScatterList.ofPages(30, 31);
        dma.dmaMapSg(nic, other, 2, DmaDirection.BIDIRECTIONAL);
        assertThat(other.get(0).dmaAddress()).as("IOVA_NO_REUSE").isNotEqualTo(iova);
        assertThat(iommu.translate(nic, iova, true)).isEqualTo(new Translation.Fault(FaultReason.NOT_PRESENT));

        dma.dmaUnmapSg(nic, sgl, 2, DmaDirection.BIDIRECTIONAL);
        assertThat(domain.iovad().isAllocated(iova >>> 12)).isFalse();
        assertThat(kernel.events().ofType(DmaEvent.SgRevoked.class))
                .containsExactly(new DmaEvent.SgRevoked("nic", iova, 2, DmaEvent.RevokeKind.IOMMU_UNMAP));
    }

    @Test
    @DisplayName("[28] fault LAZY_IOTLB's revocation: unmap_fast + flush queue without IOVA free; stale entries translate until drain")
    void lazyRevocationLeavesStaleEntries_seed28() {
        IommuDomain domain = attach(IommuMode.DMA_LAZY);
        ScatterList sgl = ScatterList.ofPages(3);
        dma.dmaMapSg(nic, sgl, 1, DmaDirection.BIDIRECTIONAL);
        long iova = sgl.get(0).dmaAddress();
        mapped(iova);

        assertThat(dma.revocation().iommuUnmapSgLazy(domain, nic, sgl, 1)).isEqualTo(PAGE);

        assertThat(mapped(iova).block()).as("stale IOTLB entry after the break").isEqualTo(3);
        assertThat(domain.flushQueueDepth()).isEqualTo(1);
        domain.drainFlushQueue();
        assertThat(iommu.translate(nic, iova, true)).isInstanceOf(Translation.Fault.class);
        assertThat(domain.iovad().isAllocated(iova >>> 12)).as("the revocation keeps the IOVA").isTrue();
        dma.dmaUnmapSg(nic, sgl, 1, DmaDirection.BIDIRECTIONAL);
        domain.drainFlushQueue();
        assertThat(domain.iovad().allocated()).isEmpty();
    }

    @Test
    @DisplayName("[43] REMAP: the sg range retargeted to a scratch block; the device keeps translating, never to the file")
    void remapToScratch_seed43() {
        IommuDomain domain = attach(IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3, 4);
        dma.dmaMapSg(nic, sgl, 2, DmaDirection.BIDIRECTIONAL);
        long iova = sgl.get(0).dmaAddress();
        mapped(iova);
        assertThat(dma.revocation().remapSgToScratch(domain, nic, sgl, 2, 63)).isEqualTo(2L * PAGE);
        assertThat(mapped(iova).block()).isEqualTo(63);
        assertThat(mapped(iova + PAGE).block()).isEqualTo(63);
        dma.dmaUnmapSg(nic, sgl, 2, DmaDirection.BIDIRECTIONAL);
        assertThat(domain.mappedPages()).isZero();
        assertThat(domain.iovad().allocated()).isEmpty();
    }

    @Test
    @DisplayName("[22] iommu_unmap(umem->iommu = NULL, ...) oopses")
    void revocationWithoutDomainOopses_seed22() {
        ScatterList sgl = ScatterList.ofPages(3);
        assertThatThrownBy(() -> dma.revocation().iommuUnmapSg(null, nic, sgl, 1)).isInstanceOfSatisfying(Oops.class,
                oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.NULL_DEREF));
        assertThatThrownBy(() -> dma.revocation().iommuUnmapSgLazy(null, nic, sgl, 1)).isInstanceOf(Oops.class);
        assertThatThrownBy(() -> dma.revocation().remapSgToScratch(null, nic, sgl, 1, 0)).isInstanceOf(Oops.class);
    }

    @Test
    @DisplayName("dir2prot: TO_DEVICE maps read-only, so a device write through it is refused")
    void directionSetsProtection() {
        IommuDomain domain = attach(IommuMode.DMA_STRICT);
        ScatterList sgl = ScatterList.ofPages(3);
        dma.dmaMapSg(nic, sgl, 1, DmaDirection.TO_DEVICE);
        assertThat(domain.pte(sgl.get(0).dmaAddress() >>> 12).prot()).isEqualTo(IommuProt.READ);
        assertThat(iommu.translate(nic, sgl.get(0).dmaAddress(), true)).isEqualTo(new Translation.Fault(FaultReason.PERMISSION));
        assertThat(DmaDirection.FROM_DEVICE.prot()).isEqualTo(IommuProt.WRITE);
    }
}
