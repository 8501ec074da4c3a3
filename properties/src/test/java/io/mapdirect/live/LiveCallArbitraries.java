package io.mapdirect.live;

import static io.mapdirect.mm.MmapFlags.*;

import io.mapdirect.mm.OpenMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import java.util.List;
import net.jqwik.api.Tuple;

/**
 * Generated mmap calls for the live kernel (spec §8): flag words made of single bits, pairs or random
 * words, with MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE, MAP_DROPPABLE, no type or an invalid type;
 * PROT variants; the fixture file opened O_RDONLY, O_WRONLY or O_RDWR (with or without O_NONBLOCK), the
 * directory, or fd -1. Lengths stay small (at most 2 MiB + 1 without MAP_HUGETLB, so MAP_POPULATE and
 * MAP_LOCKED stay cheap) or are too large to map at all.
 */
final class LiveCallArbitraries {
    private LiveCallArbitraries() {
    }

    static Arbitrary<LiveMmapCall> calls() {
        Arbitrary<LiveMmapCall.Fd> fds = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(LiveMmapCall.Fd.FILE)),
                Tuple.of(1, Arbitraries.just(LiveMmapCall.Fd.DIR)), Tuple.of(1, Arbitraries.just(LiveMmapCall.Fd.BAD)));
        Arbitrary<Long> lengths = mostly(PAGE_SIZE, List.of(0L, 1L, 3 * PAGE_SIZE, (2L << 20) + 1, 1L << 57, -4095L));
        Arbitrary<Long> offsets = mostly(0L, List.of(PAGE_SIZE, 1L, 2L << 20, 0x7ffffffffffff000L, 0x7fffffffffe00000L,
                Long.MIN_VALUE));
        return Combinators.combine(fds, Arbitraries.of(OpenMode.class), Arbitraries.of(false, true), lengths, prots(),
                flagWords(), offsets).as(LiveMmapCall::new);
    }

    static Arbitrary<Integer> flagWords() {
        Arbitrary<Integer> bitIndex = Arbitraries.integers().between(0, 31);
        Arbitrary<Integer> single = bitIndex.map(bit -> 1 << bit);
        Arbitrary<Integer> pair = Combinators.combine(bitIndex, bitIndex).as((a, b) -> (1 << a) | (1 << b));
        Arbitrary<Integer> words = Arbitraries.oneOf(single, pair, Arbitraries.integers());
        Arbitrary<Integer> types = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE)),
                Tuple.of(1, Arbitraries.of(MAP_DROPPABLE, 0)),
                Tuple.of(1, Arbitraries.integers().between(0, MAP_TYPE)));
        Arbitrary<Integer> extras = Arbitraries.of(0, 0, 0, MAP_ANONYMOUS, MAP_ANONYMOUS | MAP_HUGETLB,
                MAP_ANONYMOUS | MAP_HUGETLB | MAP_NORESERVE, MAP_SYNC, MAP_FIXED_NOREPLACE, MAP_LOCKED | MAP_POPULATE);
        return Combinators.combine(words, types, extras).as((word, type, extra) -> (word & ~MAP_TYPE) | type | extra);
    }

    static Arbitrary<Integer> prots() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(PROT_NONE, PROT_READ, PROT_WRITE, PROT_READ | PROT_WRITE, PROT_EXEC,
                        PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC)),
                Tuple.of(1, Arbitraries.of(PROT_READ | PROT_GROWSDOWN, PROT_READ | PROT_WRITE | PROT_SEM, PROT_GROWSUP)),
                Tuple.of(1, Arbitraries.integers()));
    }

    private static <T> Arbitrary<T> mostly(T usual, List<T> others) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(usual)), Tuple.of(1, Arbitraries.of(others)));
    }
}
