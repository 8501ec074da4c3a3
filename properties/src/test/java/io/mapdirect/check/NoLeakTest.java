package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.harness.Runs;
import org.junit.jupiter.api.Test;

/**
 * {@link NoLeak} alone on the witness pair of NO_LEAK ({@code
 * fuzz-corpus/cases/witnesses/no_leak.case} and its twin): it fires when repair MDS_REF_PER_HOLDER is
 * reverted: the state of a MAP_DIRECT mapping torn down at exit keeps a reference, and stays quiet on
 * the near twin (the twin has the repair on).
 */
class NoLeakTest {
    @Test
    void firesOnAMapDirectStateNeverFreed() {
        assertThat(CheckerWitness.firstMessage(() -> new NoLeak(Runs.leakProbes()))).contains("never freed");
    }

    @Test
    void staysQuietOnTheRepairedReferenceCount() {
        assertThat(CheckerWitness.onTwin(() -> new NoLeak(Runs.leakProbes()))).isEmpty();
    }
}
