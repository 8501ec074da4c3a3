package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link FaultNoAlloc} alone on the witness pair of FAULT_NO_ALLOC ({@code
 * fuzz-corpus/cases/witnesses/fault_no_alloc.case} and its twin): it fires when the test-only fault
 * DIRECT_FAULT_IGNORES_REFLINK lets a MAP_DIRECT load map a reflinked block, and stays quiet
 * on the near twin (the twin's file has blocks of its own).
 */
class FaultNoAllocTest {
    @Test
    void firesOnAMapDirectFaultMappingAReflinkedPage() {
        assertThat(CheckerWitness.firstMessage(FaultNoAlloc::new)).contains("mapped a page of a reflinked inode");
    }

    @Test
    void staysQuietOnTheSameFaultOnAnUnsharedFile() {
        assertThat(CheckerWitness.onTwin(FaultNoAlloc::new)).isEmpty();
    }
}
