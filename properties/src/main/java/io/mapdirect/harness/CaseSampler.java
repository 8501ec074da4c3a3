package io.mapdirect.harness;

import java.util.Iterator;
import net.jqwik.api.Arbitrary;
import net.jqwik.engine.SourceOfRandomness;

/**
 * Generated cases outside a jqwik property (the kill matrix, the fuzz campaign): jqwik's random
 * source is seeded first, so the same seed gives the same stream of cases in any JVM.
 */
public final class CaseSampler {
    private CaseSampler() {
    }

    /** An endless, deterministic stream of samples of {@code arbitrary} for {@code seed}. */
    public static Iterator<Case> stream(Arbitrary<Case> arbitrary, String seed) {
        SourceOfRandomness.create(seed);
        return arbitrary.sampleStream().iterator();
    }
}
