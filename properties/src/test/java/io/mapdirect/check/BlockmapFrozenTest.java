package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link BlockmapFrozen} alone on the witness pair of BLOCKMAP_FROZEN ({@code
 * fuzz-corpus/cases/witnesses/blockmap_frozen.case} and its twin): it fires when a store through
 * another process's mapping copies a reflinked block on write (fault REFLINK_MISSED) while the
 * MAP_DIRECT lease is live, and stays quiet on the near twin (the twin only loads: no block moves).
 */
class BlockmapFrozenTest {
    @Test
    void firesOnACopyOnWriteUnderALiveMapDirectMapping() {
        assertThat(CheckerWitness.firstMessage(BlockmapFrozen::new)).contains("changed under a live MAP_DIRECT mapping");
    }

    @Test
    void staysQuietOnALoadThatCopiesNothing() {
        assertThat(CheckerWitness.onTwin(BlockmapFrozen::new)).isEmpty();
    }
}
