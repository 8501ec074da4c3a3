package io.mapdirect.sim;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The one source of randomness: a seeded {@link SplittableRandom}. Children derived with
 * {@link #fork(String)} depend only on the parent's seed and the label, so adding a consumer does
 * not shift the numbers another consumer sees.
 */
public final class SeededRandom {
    private final long seed;
    private final SplittableRandom random;

    public SeededRandom(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    public long seed() {
        return seed;
    }

    /** A child stream determined by this seed and {@code label}. */
    public SeededRandom fork(String label) {
        long mixed = seed * 0x9E3779B97F4A7C15L + label.hashCode();
        return new SeededRandom(mixed ^ (mixed >>> 31));
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform in {@code [origin, bound)}. */
    public int nextInt(int origin, int bound) {
        return random.nextInt(origin, bound);
    }

    public long nextLong() {
        return random.nextLong();
    }

    public long nextLong(long bound) {
        return random.nextLong(bound);
    }

    public boolean nextBoolean() {
        return random.nextBoolean();
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** A uniformly chosen element. */
    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
