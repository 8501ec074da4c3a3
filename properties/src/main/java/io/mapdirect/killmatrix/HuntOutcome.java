package io.mapdirect.killmatrix;

import io.mapdirect.harness.Case;

/**
 * What hunting one fault from one seed gave: the tries until a case broke the expected invariant
 * ({@link #MISSED} if none did within the budget), the minimized case and its size ({@code shrunk} is
 * null for a miss).
 */
public record HuntOutcome(KillRow row, String seed, int triesToDetect, int shrunkOps, int shrunkSwitches, Case shrunk) {
    /** {@link #triesToDetect} and the sizes of a fault not found within the budget. */
    public static final int MISSED = -1;

    /** A miss: no case within the budget broke the expected invariant. */
    static HuntOutcome missed(KillRow row, String seed) {
        return new HuntOutcome(row, seed, MISSED, MISSED, MISSED, null);
    }

    public boolean detected() {
        return triesToDetect > 0;
    }
}
