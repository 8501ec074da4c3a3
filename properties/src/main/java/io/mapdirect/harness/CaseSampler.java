package io.mapdirect.harness;

import java.util.Iterator;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;

/**
 * Generated cases outside a jqwik property (the verdict table, the kill matrix, the preemption sweep,
 * the stress test): sample {@code i} of a stream is drawn from a {@link Random} seeded only by the seed
 * and {@code i} ({@link #sampleSeed}), so the same seed gives the same stream in any JVM, and one sample
 * does not depend on how many were drawn before it.
 *
 * <p>Only jqwik's public API is used ({@code gen.SeededCases}, the fuzz campaign's source, draws the
 * same way). jqwik's edge cases are mixed into the stream, as {@link Arbitrary#sampleStream()} does: the
 * generator is made with them embedded. jqwik's generators memoize into a store that exists only while
 * jqwik runs something; outside a property, {@link Arbitrary#sample()} provides one, so every generator
 * call runs inside the sampling of a constant arbitrary ({@link #inJqwik}), which draws nothing from
 * jqwik's own random source.
 */
public final class CaseSampler {
    /** jqwik's generation size (as for a property with the default 1000 tries). */
    public static final int GEN_SIZE = 1000;

    private CaseSampler() {
    }

    /**
     * An endless, deterministic stream of samples of {@code arbitrary} for {@code seed} (a decimal
     * long, as the command lines print it).
     */
    public static <T> Iterator<T> stream(Arbitrary<T> arbitrary, String seed) {
        long seedValue = Long.parseLong(seed);
        RandomGenerator<T> generator = inJqwik(() -> arbitrary.generator(GEN_SIZE, true));
        return new Iterator<>() {
            private long index;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public T next() {
                Random random = new Random(sampleSeed(seedValue, index++));
                return inJqwik(() -> generator.next(random).value());
            }
        };
    }

    /** Runs {@code code} while jqwik samples a constant: its generators can memoize there. */
    public static <T> T inJqwik(Supplier<T> code) {
        return Arbitraries.just(code).withoutEdgeCases().map(Supplier::get).sample();
    }

    /** SplitMix64 of the seed and index: neighbouring indices get unrelated random sources. */
    public static long sampleSeed(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
