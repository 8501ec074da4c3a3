package io.mapdirect.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.hw.ScatterList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** [21] {@code iommu_sg_num_pages()} against a brute-force, page-by-page placement of the segments. */
class IommuSgProperties {
    /** One generated segment: first block, offset into it, length (at least one byte). */
    record Segment(int block, int offset, int lengthBytes) { }

    @Property(seed = "20171006")
    void sgNumPagesMatchesPageByPagePlacement_seed21(@ForAll("masks") long mask,
            @ForAll @Size(min = 1, max = 8) List<@net.jqwik.api.From("segments") Segment> segments) {
        ScatterList sgl = new ScatterList();
        segments.forEach(s -> sgl.add(s.block(), s.offset(), s.lengthBytes()));
        PciDevice dev = PciDevice.of("nic").withSegmentBoundaryMask(mask);

        long boundary = mask == -1L ? 1L << 52 : (mask + Pmem.PAGE_SIZE) / Pmem.PAGE_SIZE;
        long cursor = 0;
        long[] offsets = new long[segments.size()];
        long[] spans = new long[segments.size()];
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            long firstByte = (long) s.block() * Pmem.PAGE_SIZE + s.offset();
            long span = (firstByte + s.lengthBytes() - 1) / Pmem.PAGE_SIZE - firstByte / Pmem.PAGE_SIZE + 1;
            offsets[i] = cursor;
            spans[i] = span;
            boolean crosses = false;
            for (long k = 1; k < span; k++) {
                crosses |= (cursor + k) % boundary == 0;
            }
            if (crosses) {
                cursor = (cursor / boundary + 1) * boundary;
            }
            cursor += span;
        }

        int npages = IommuSg.iommuSgNumPages(dev, sgl, segments.size());

        assertThat(npages).isEqualTo(cursor);
        assertThat(IommuSg.countPages(dev, sgl, segments.size())).isEqualTo(npages);
        for (int i = 0; i < segments.size(); i++) {
            // [21] writes dma_address before adding the padding: the unpadded offset
            assertThat(sgl.get(i).dmaAddress()).isEqualTo(offsets[i] << Pmem.PAGE_SHIFT);
            assertThat(offsets[i] + spans[i]).isLessThanOrEqualTo(npages);
            if (i > 0) {
                assertThat(offsets[i]).isGreaterThanOrEqualTo(offsets[i - 1] + spans[i - 1]);
            }
        }
    }

    @Provide
    Arbitrary<Long> masks() {
        return Arbitraries.of(0L, 0x7FFL, 0xFFFL, 0x1FFFL, 0x3FFFL, 0x7FFFL, 0xFFFFL, 0xFFFF_FFFFL, -1L);
    }

    @Provide
    Arbitrary<Segment> segments() {
        return Combinators.combine(Arbitraries.integers().between(0, 63), Arbitraries.integers().between(0, Pmem.PAGE_SIZE - 1),
                Arbitraries.integers().between(1, 5 * Pmem.PAGE_SIZE)).as(Segment::new);
    }
}
