package io.mapdirect.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.TestKernels;
import io.mapdirect.kernel.Kernel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The IOVA allocator against a set model [15]: ranges never overlap, stay within
 * {@code [1, limit]}, a failure means no free run fits, and a freed range is the first candidate
 * for the next allocation that fits.
 */
class IovaAllocatorProperties {
    /** An allocation of {@code pages} under {@code limit}, or (pages 0) a free of allocated range number {@code pick}. */
    record Op(int pages, long limit, int pick) { }

    @Property(tries = 300, seed = "20171006")
    void allocatorAgreesWithSetModel_seed15(@ForAll @Size(max = 60) List<@net.jqwik.api.From("ops") Op> ops) {
        Kernel kernel = TestKernels.kernel();
        IovaAllocator iovad = new Iommu(kernel, Pmem.fromConfig(kernel)).attach(PciDevice.of("nic"), IommuMode.DMA_STRICT).iovad();
        List<IovaRange> model = new ArrayList<>();
        IovaRange justFreed = null;
        for (Op op : ops) {
            if (op.pages() == 0) {
                if (model.isEmpty()) {
                    continue;
                }
                IovaRange victim = model.remove(op.pick() % model.size());
                iovad.free(victim.startPfn(), victim.pages());
                justFreed = victim;
                continue;
            }
            long start = iovad.alloc(op.pages(), op.limit());
            if (start < 0) {
                assertThat(hasFreeRun(model, op.pages(), op.limit())).as("failed although a run fits: %s", op).isFalse();
            } else {
                IovaRange got = new IovaRange(start, op.pages());
                assertThat(got.startPfn()).isGreaterThanOrEqualTo(IovaAllocator.IOVA_START_PFN);
                assertThat(got.endPfn()).isLessThanOrEqualTo(op.limit());
                assertThat(model).noneMatch(got::overlaps);
                if (justFreed != null && justFreed.pages() >= op.pages()
                        && justFreed.startPfn() + op.pages() - 1 <= op.limit()) {
                    assertThat(start).as("freed %s is the first candidate", justFreed).isEqualTo(justFreed.startPfn());
                }
                model.add(got);
            }
            justFreed = null;
        }
        model.sort(Comparator.comparingLong(IovaRange::startPfn));
        assertThat(iovad.allocated()).isEqualTo(model);
    }

    private static boolean hasFreeRun(List<IovaRange> model, int pages, long limit) {
        int run = 0;
        for (long pfn = IovaAllocator.IOVA_START_PFN; pfn <= limit; pfn++) {
            long p = pfn;
            run = model.stream().anyMatch(r -> r.contains(p)) ? 0 : run + 1;
            if (run >= pages) {
                return true;
            }
        }
        return false;
    }

    @Provide
    Arbitrary<Op> ops() {
        Arbitrary<Op> alloc = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(1, 8),
                Arbitraries.of(16L, 32L, 64L)).as((pages, limit) -> new Op(pages, limit, 0));
        Arbitrary<Op> free = Arbitraries.integers().between(0, 20).map(pick -> new Op(0, 0, pick));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, alloc), net.jqwik.api.Tuple.of(2, free));
    }
}
