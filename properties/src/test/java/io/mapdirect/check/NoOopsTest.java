package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link NoOops} alone on the witness pair of NO_OOPS ({@code
 * fuzz-corpus/cases/witnesses/no_oops.case} and its twin): it fires when the holder munmaps while its
 * break is pending and the invalidation work dereferences the cleared VMA pointer (fault
 * INVALIDATE_AFTER_VMA_CLOSE), and stays quiet on the near twin (the twin, fault off).
 */
class NoOopsTest {
    @Test
    void firesOnTheInvalidationWorkReadingAClosedVma() {
        assertThat(CheckerWitness.firstMessage(NoOops::new)).contains("NULL_DEREF");
    }

    @Test
    void staysQuietOnTheInvalidationWorkWithoutTheBug() {
        assertThat(CheckerWitness.onTwin(NoOops::new)).isEmpty();
    }
}
