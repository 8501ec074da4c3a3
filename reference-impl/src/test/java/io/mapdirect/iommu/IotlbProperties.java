package io.mapdirect.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.TestKernels;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Kernel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * [28] [31] The IOTLB against "what the page table said": after any sequence of map, unmap,
 * unmap_fast, sync, lazy unmap (unmap_fast + flush queue), drain and translate, every translation
 * equals the current PTE, or, only while the ops since allow a stale entry (an unmap_fast not yet
 * synced or drained), the PTE at fill time. A fault only where neither exists.
 */
class IotlbProperties {
    enum Kind { MAP, UNMAP, UNMAP_FAST, LAZY_UNMAP, SYNC, DRAIN, TRANSLATE }

    record Op(Kind kind, long pfn, int block, boolean write) { }

    @Property(tries = 500, seed = "20171006")
    void translationIsCurrentPteOrAllowedStaleFill_seed28(@ForAll @Size(max = 50) List<@net.jqwik.api.From("ops") Op> ops) {
        Kernel kernel = TestKernels.kernel();
        IommuDomain domain = new Iommu(kernel, Pmem.fromConfig(kernel)).attach(PciDevice.of("nic"), IommuMode.DMA_LAZY);
        Map<Long, Integer> pte = new TreeMap<>();
        Map<Long, Integer> lastSeen = new TreeMap<>();  // what the IOTLB holds: the last successful translation
        Set<Long> staleAllowed = new HashSet<>();
        Set<Long> queued = new HashSet<>();
        Map<Long, Integer> gathered = new TreeMap<>();  // unmapped fast, neither synced nor queued
        for (Op op : ops) {
            long iova = op.pfn() << Pmem.PAGE_SHIFT;
            switch (op.kind()) {
                case MAP -> {
                    int rc = domain.iommuMap(iova, op.block(), Pmem.PAGE_SIZE, IommuProt.READ_WRITE);
                    assertThat(rc).isEqualTo(pte.containsKey(op.pfn()) ? Errno.EBUSY.negative() : 0);
                    pte.putIfAbsent(op.pfn(), op.block());
                }
                case UNMAP -> {
                    domain.iommuUnmap(iova, Pmem.PAGE_SIZE);
                    pte.remove(op.pfn());
                    lastSeen.remove(op.pfn());
                    staleAllowed.remove(op.pfn());
                }
                case UNMAP_FAST, LAZY_UNMAP -> {
                    domain.iommuUnmapFast(iova, Pmem.PAGE_SIZE);
                    pte.remove(op.pfn());
                    if (lastSeen.containsKey(op.pfn())) {
                        staleAllowed.add(op.pfn());
                    }
                    if (op.kind() == Kind.LAZY_UNMAP) {
                        domain.queueFlush(op.pfn(), 1, false);
                        queued.add(op.pfn());
                    } else {
                        gathered.merge(op.pfn(), 1, Integer::sum);
                    }
                }
                case SYNC -> {
                    domain.iommuIotlbSync();
                    for (long pfn : gathered.keySet()) {
                        lastSeen.remove(pfn);
                        staleAllowed.remove(pfn);
                    }
                    gathered.clear();
                }
                case DRAIN -> {
                    domain.drainFlushQueue();
                    for (long pfn : queued) {
                        lastSeen.remove(pfn);
                        staleAllowed.remove(pfn);
                    }
                    queued.clear();
                }
                case TRANSLATE -> {
                    Translation result = domain.translate(iova, op.write());
                    if (result instanceof Translation.Mapped mapped) {
                        if (staleAllowed.contains(op.pfn())) {
                            assertThat(mapped.block()).as("stale entry = PTE at fill time").isEqualTo(lastSeen.get(op.pfn()));
                        } else {
                            assertThat(mapped.block()).as("current PTE").isEqualTo(pte.get(op.pfn()));
                            assertThat(mapped.stale()).isFalse();
                        }
                        lastSeen.put(op.pfn(), mapped.block());
                    } else {
                        assertThat(staleAllowed).doesNotContain(op.pfn());
                        assertThat(pte).doesNotContainKey(op.pfn());
                    }
                }
            }
        }
        assertThat(domain.iotlbEntries()).extracting(TranslationEntry::iovaPfn).containsExactlyElementsOf(lastSeen.keySet());
    }

    @Provide
    Arbitrary<Op> ops() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.longs().between(1, 6),
                Arbitraries.integers().between(0, 63), Arbitraries.of(true, false)).as(Op::new);
    }
}
