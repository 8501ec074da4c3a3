package io.mapdirect.gen;

import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseSampler;
import io.mapdirect.harness.Variant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongFunction;
import net.jqwik.api.RandomGenerator;

/**
 * Case {@code index} of seed {@code seed}: the property suites' generator ({@link CaseGen}, faults
 * off) for the variant {@code variantOf} gives the index, drawn from a random source seeded only by
 * (seed, index). The generator is used without jqwik's edge cases, which the properties already
 * cover and which make sampling many times slower.
 *
 * <p>Only jqwik's public API is used, through {@link CaseSampler#inJqwik} (jqwik's generators memoize
 * into a store that exists only while jqwik runs something) and {@link CaseSampler#sampleSeed}.
 */
public final class SeededCases implements CaseSource {
    /** jqwik's generation size (as for a property with the default 1000 tries). */
    static final int GEN_SIZE = CaseSampler.GEN_SIZE;

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
                variant -> CaseSampler.inJqwik(() -> CaseGen.cases(variant, Set.of()).generator(GEN_SIZE)));
        return CaseSampler.inJqwik(() -> generator.next(new Random(caseSeed(seed, index))).value());
    }

    /** SplitMix64 of the seed and index ({@link CaseSampler#sampleSeed}). */
    public static long caseSeed(long seed, long index) {
        return CaseSampler.sampleSeed(seed, index);
    }
}
