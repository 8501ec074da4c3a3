package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link DmaToForeignBlock} alone on the witness pair of DMA_TO_FOREIGN_BLOCK ({@code
 * fuzz-corpus/cases/witnesses/dma_to_foreign_block.case} and its twin): it fires when device-dax is
 * killed without breaking layouts (fault DEVDAX_KILL_NO_BREAK) and the device writes into the range it
 * gave up, and stays quiet on the near twin (the twin, fault off: the MR is revoked first).
 */
class DmaToForeignBlockTest {
    @Test
    void firesOnAWriteAfterDeviceDaxShutDownUnderTheMr() {
        assertThat(CheckerWitness.firstMessage(DmaToForeignBlock::new)).contains("maps nothing now");
    }

    @Test
    void staysQuietOnTheShutdownThatBreaksTheLayouts() {
        assertThat(CheckerWitness.onTwin(DmaToForeignBlock::new)).isEmpty();
    }
}
