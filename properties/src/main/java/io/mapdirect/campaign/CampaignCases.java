package io.mapdirect.campaign;

import io.mapdirect.gen.CaseGen;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Variant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.RandomGenerator;
import net.jqwik.engine.execution.lifecycle.CurrentTestDescriptor;
import net.jqwik.engine.execution.lifecycle.StoreRepository;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * The cases of a campaign: case {@code index} of campaign {@code seed} runs variant
 * {@code index mod 7} (every variant in turn, faults off) on the property suites' generator, drawn
 * from a random source seeded only by (seed, index). The generator is used without jqwik's edge
 * cases, which the properties already cover and which make sampling many times slower.
 */
public final class CampaignCases {
    /** jqwik's generation size for the campaign (as for a property with the default 1000 tries). */
    static final int GEN_SIZE = 1000;
    /**
     * Cases between two resets of jqwik's memoized-generator store, which would otherwise grow with
     * the distinct arbitraries a long campaign's flat-maps create. A reset changes no case.
     */
    static final int STORE_RESET_CASES = 10_000;

    private static final TestDescriptor DESCRIPTOR =
            new EngineDescriptor(UniqueId.forEngine("mapdirect-campaign"), "mapdirect fuzz campaign");

    private final long seed;
    private final Map<Variant, RandomGenerator<Case>> generators = new EnumMap<>(Variant.class);
    private final int storeResetCases;
    private long generated;

    public CampaignCases(long seed) {
        this(seed, STORE_RESET_CASES);
    }

    CampaignCases(long seed, int storeResetCases) {
        this.seed = seed;
        this.storeResetCases = storeResetCases;
    }

    /** The variant case {@code index} runs: the designs in turn (the {@code *_POSTED} variants are the verdict table's). */
    public static Variant variantOf(long index) {
        List<Variant> variants = Variant.designs();
        return variants.get((int) Math.floorMod(index, (long) variants.size()));
    }

    /** Case {@code index}: the same (seed, index) always gives the same case, in any JVM. */
    public Case caseAt(long index) {
        if (++generated % storeResetCases == 0) {
            StoreRepository.getCurrent().finishScope(DESCRIPTOR);
            generators.clear();
        }
        Variant variant = variantOf(index);
        RandomGenerator<Case> generator = generators.computeIfAbsent(variant,
                v -> inJqwik(() -> CaseGen.cases(v, Set.of()).generator(GEN_SIZE)));
        Random random = new Random(caseSeed(seed, index));
        return inJqwik(() -> generator.next(random).value());
    }

    /** jqwik's generators keep memoized state in a store that belongs to a test descriptor. */
    private static <T> T inJqwik(Supplier<T> code) {
        return CurrentTestDescriptor.runWithDescriptor(DESCRIPTOR, code);
    }

    /** SplitMix64 of the seed and index: neighbouring indices get unrelated random sources. */
    static long caseSeed(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
