package io.mapdirect.mm;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.mm.AddressSpaceView.MappedRange;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The address-space questions mmap's checks ask (MAP_FIXED_NOREPLACE's overlap, MAP_32BIT's gap search in
 * {@code unmapped_area()}), answered by {@link AddressSpaceView#of} and checked against a page bitmap.
 */
class AddressSpaceViewTest {
    private static final int PAGES = 64;

    /** Mappings and queries over a 64-page space, compared with a bitmap of taken pages. */
    @Property(seed = "20171006")
    void answersLikeAPageBitmap(@ForAll @Size(max = 6) List<@IntRange(max = PAGES - 1) Integer> starts,
                                @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 8) Integer> lengths,
                                @ForAll @IntRange(max = PAGES) int low, @ForAll @IntRange(max = PAGES) int high,
                                @ForAll @IntRange(min = 1, max = PAGES) int length) {
        boolean[] taken = new boolean[PAGES + 8];
        List<MappedRange> mappings = new ArrayList<>();
        for (int i = 0; i < Math.min(starts.size(), lengths.size()); i++) {
            int start = starts.get(i);
            int end = start + lengths.get(i);
            mappings.add(new MappedRange(page(start), page(end)));
            for (int p = start; p < end; p++) {
                taken[p] = true;
            }
        }
        AddressSpaceView space = AddressSpaceView.of(mappings);
        assertThat(space.hasGap(page(low), page(high), page(length))).isEqualTo(bitmapHasGap(taken, low, high, length));
        if (low < high) {
            boolean anyTaken = false;
            for (int p = low; p < high; p++) {
                anyTaken |= taken[p];
            }
            assertThat(space.intersects(page(low), page(high))).isEqualTo(anyTaken);
        }
    }

    @Property(seed = "20171006")
    void highAddressesAreUnsigned(@ForAll @IntRange(min = 1, max = 16) int length) {
        MappedRange vsyscall = new MappedRange(0xffffffffff600000L, 0xffffffffff601000L);
        AddressSpaceView space = AddressSpaceView.of(List.of(vsyscall, new MappedRange(page(4), page(8))));
        assertThat(space.hasGap(0, page(16), page(length))).isEqualTo(length <= 8);
        assertThat(space.intersects(0xffffffffff600000L, 0xffffffffff600001L)).isTrue();
        assertThat(AddressSpaceView.EMPTY.hasGap(page(1), page(17), page(length))).isTrue();
    }

    private static boolean bitmapHasGap(boolean[] taken, int low, int high, int length) {
        int run = 0;
        for (int p = low; p < high; p++) {
            run = taken[p] ? 0 : run + 1;
            if (run >= length) {
                return true;
            }
        }
        return false;
    }

    private static long page(int index) {
        return index * MmapFlags.PAGE_SIZE;
    }
}
