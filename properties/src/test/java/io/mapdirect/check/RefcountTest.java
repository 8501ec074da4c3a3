package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link Refcount} alone on the witness pair of REFCOUNT ({@code
 * fuzz-corpus/cases/witnesses/refcount.case} and its twin): it fires when an allocation failure in
 * lease_direct's set-up frees the inner object (fault LEASE_ERR_PATH), and stays quiet on the near
 * twin (the twin, fault off).
 */
class RefcountTest {
    @Test
    void firesOnAnErrorPathFreeingTheInnerObject() {
        assertThat(CheckerWitness.firstMessage(Refcount::new)).contains("BAD_FREE");
    }

    @Test
    void staysQuietOnTheErrorPathFreeingTheAllocation() {
        assertThat(CheckerWitness.onTwin(Refcount::new)).isEmpty();
    }
}
