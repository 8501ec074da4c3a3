package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link DmaAfterRevoke} alone on the witness pair of DMA_AFTER_REVOKE ({@code
 * fuzz-corpus/cases/witnesses/dma_after_revoke.case} and its twin): it fires when the break callback
 * revokes nothing (fault UMEM_BREAK_WRONG_OWNER) and the device writes after it returned, and stays
 * quiet on the near twin (the twin, fault off: the late write gets iommu_fault).
 */
class DmaAfterRevokeTest {
    @Test
    void firesOnAWriteThroughAnMrTheBreakDidNotRevoke() {
        assertThat(CheckerWitness.firstMessage(DmaAfterRevoke::new)).contains("through revoked");
    }

    @Test
    void staysQuietOnTheRevokedWriteFaultingInTheIommu() {
        assertThat(CheckerWitness.onTwin(DmaAfterRevoke::new)).isEmpty();
    }
}
