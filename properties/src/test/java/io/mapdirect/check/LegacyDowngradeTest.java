package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link LegacyDowngrade} alone on the witness pair of LEGACY_DOWNGRADE ({@code
 * fuzz-corpus/cases/witnesses/legacy_downgrade.case} and its twin): it fires when the test-only fault
 * NO_LEGACY_DOWNGRADE takes [01]'s downgrade away, and stays quiet on the near twin (the twin
 * asks for MAP_SHARED).
 */
class LegacyDowngradeTest {
    @Test
    void firesOnALegacyOnlySharedValidateRefused() {
        assertThat(CheckerWitness.firstMessage(LegacyDowngrade::new)).contains("failed with EOPNOTSUPP");
    }

    @Test
    void staysQuietOnPlainMapSharedWithTheFaultOn() {
        assertThat(CheckerWitness.onTwin(LegacyDowngrade::new)).isEmpty();
    }
}
