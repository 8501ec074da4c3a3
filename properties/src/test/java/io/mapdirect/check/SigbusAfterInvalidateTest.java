package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link SigbusAfterInvalidate} alone on the witness pair of SIGBUS_AFTER_INVALIDATE ({@code
 * fuzz-corpus/cases/witnesses/sigbus_after_invalidate.case} and its twin): it fires when repair
 * INVALIDATE_FLUSHES_FAULTS is reverted: a fault that passed the VALID test installs its PTE after the
 * invalidation, and stays quiet on the near twin (the twin has the repair on).
 */
class SigbusAfterInvalidateTest {
    @Test
    void firesOnAPteInstalledAfterTheInvalidation() {
        assertThat(CheckerWitness.firstMessage(SigbusAfterInvalidate::new)).contains("a PTE was installed after the invalidation");
    }

    @Test
    void staysQuietOnAnInvalidationThatFlushesFaults() {
        assertThat(CheckerWitness.onTwin(SigbusAfterInvalidate::new)).isEmpty();
    }
}
