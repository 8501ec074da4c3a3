package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link RegOnBrokenRefused} alone on the witness pair of REG_ON_BROKEN_REFUSED ({@code
 * fuzz-corpus/cases/witnesses/reg_on_broken_refused.case} and its twin): it fires when the
 * registration checks 'breaking' before taking its lease (fault LEASE_DIRECT_CHECK_FIRST) and a break
 * starts in between, and stays quiet on the near twin (the twin, fault off).
 */
class RegOnBrokenRefusedTest {
    @Test
    void firesOnARegistrationOnABreakingMapping() {
        assertThat(CheckerWitness.firstMessage(RegOnBrokenRefused::new)).contains("which was breaking");
    }

    @Test
    void staysQuietOnARegistrationThatSeesTheBreak() {
        assertThat(CheckerWitness.onTwin(RegOnBrokenRefused::new)).isEmpty();
    }
}
