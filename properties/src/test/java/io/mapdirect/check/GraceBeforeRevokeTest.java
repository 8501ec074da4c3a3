package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link GraceBeforeRevoke} alone on the witness pair of GRACE_BEFORE_REVOKE ({@code
 * fuzz-corpus/cases/witnesses/grace_before_revoke.case} and its twin): it fires when V8 revokes the MR
 * the moment the truncate breaks the lease, and stays quiet on the near twin (the twin runs on
 * V8_GRACE).
 */
class GraceBeforeRevokeTest {
    @Test
    void firesOnV8RevokingAtTheBreak() {
        assertThat(CheckerWitness.firstMessage(GraceBeforeRevoke::new)).contains("before its grace ended");
    }

    @Test
    void staysQuietOnV8GraceWaitingForLeaseBreakTime() {
        assertThat(CheckerWitness.onTwin(GraceBeforeRevoke::new)).isEmpty();
    }
}
