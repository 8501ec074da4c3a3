package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link OdpCoherent} alone on the witness pair of ODP_COHERENT ({@code
 * fuzz-corpus/cases/witnesses/odp_coherent.case} and its twin): it fires when the test-only fault
 * ODP_IGNORES_INVALIDATE keeps the device's translation across a hole punch, and stays quiet
 * on the near twin (the twin never punches).
 */
class OdpCoherentTest {
    @Test
    void firesOnAnOdpWriteIntoAPunchedBlock() {
        assertThat(CheckerWitness.firstMessage(OdpCoherent::new)).contains("maps nothing now");
    }

    @Test
    void staysQuietOnTheSameWritesWithoutAPunch() {
        assertThat(CheckerWitness.onTwin(OdpCoherent::new)).isEmpty();
    }
}
