package io.mapdirect.gen;

import io.mapdirect.harness.Case;
import io.mapdirect.harness.Variant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.RandomGenerator;

/**
 * Case {@code index} of seed {@code seed}: the property suites' generator ({@link CaseGen}, faults
 * off) for the variant {@code variantOf} gives the index, drawn from a random source seeded only by
 * (seed, index). The generator is used without jqwik's edge cases, which the properties already
 * cover and which make sampling many times slower.
 *
 * <p>Only jqwik's public API is used. Its generators memoize into a store that exists only while
 * jqwik runs something; outside a property, {@link net.jqwik.api.Arbitrary#sample()} provides one,
 * so every generator call runs inside the sampling of a constant arbitrary ({@link #inJqwik}),
 * which draws nothing from jqwik's own random source.
 */
public final class SeededCases implements CaseSource {
    /** jqwik's generation size (as for a property with the default 1000 tries). */
    static final int GEN_SIZE = 1000;

    private final long seed;
    private final LongFunction<Variant> variantOf;
    private final Map<Variant, RandomGenerator<Case>> generators = new EnumMap<>(Variant.class);

    public SeededCases(long seed, LongFunction<Variant> variantOf) {
        this.seed = seed;
        this.variantOf = variantOf;
    }

    @Override
    public Case caseAt(long index) {
        RandomGenerator<Case> generator = generators.computeIfAbsent(variantOf.apply(index),
                variant -> inJqwik(() -> CaseGen.cases(variant, Set.of()).generator(GEN_SIZE)));
        return inJqwik(() -> generator.next(new Random(caseSeed(seed, index))).value());
    }

    /** Runs {@code code} while jqwik samples a constant: its generators can memoize there. */
    private static <T> T inJqwik(Supplier<T> code) {
        return Arbitraries.just(code).withoutEdgeCases().map(Supplier::get).sample();
    }

    /** SplitMix64 of the seed and index: neighbouring indices get unrelated random sources. */
    public static long caseSeed(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
