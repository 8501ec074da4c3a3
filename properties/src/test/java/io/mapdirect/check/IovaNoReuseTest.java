package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link IovaNoReuse} alone on the witness pair of IOVA_NO_REUSE ({@code
 * fuzz-corpus/cases/witnesses/iova_no_reuse.case} and its twin): it fires when V7 frees the IOVA at
 * the break and the next registration gets it, and stays quiet on the near twin (the twin runs on V8,
 * which keeps the IOVA until the MR is released).
 */
class IovaNoReuseTest {
    @Test
    void firesOnV7HandingTheRevokedIovaToTheNextRegistration() {
        assertThat(CheckerWitness.firstMessage(IovaNoReuse::new)).contains("handed out again while revoked");
    }

    @Test
    void staysQuietOnV8KeepingTheRevokedIova() {
        assertThat(CheckerWitness.onTwin(IovaNoReuse::new)).isEmpty();
    }
}
