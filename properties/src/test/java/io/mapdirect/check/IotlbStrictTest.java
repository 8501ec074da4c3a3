package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link IotlbStrict} alone on the witness pair of IOTLB_STRICT ({@code
 * fuzz-corpus/cases/witnesses/iotlb_strict.case} and its twin): it fires when the revocation's IOTLB
 * flush goes to the lazy queue (fault LAZY_IOTLB), and stays quiet on the near twin (the twin, fault
 * off: iommu_unmap() flushes before it returns).
 */
class IotlbStrictTest {
    @Test
    void firesOnARevocationWhoseFlushIsQueued() {
        assertThat(CheckerWitness.firstMessage(IotlbStrict::new)).contains("the IOTLB still translates");
    }

    @Test
    void staysQuietOnARevocationThatFlushes() {
        assertThat(CheckerWitness.onTwin(IotlbStrict::new)).isEmpty();
    }
}
