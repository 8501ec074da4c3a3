package io.mapdirect.check;

import io.mapdirect.kernel.EventLog;

/**
 * One invariant of spec §4. A checker sees every model event as it happens
 * ({@link #onEvent}), may look at the step just taken ({@link #afterStep}, which must cost time
 * proportional to what the step changed), and checks end states after the world quiesced
 * ({@link #atEnd}) or crashed ({@link #afterCrash}). It reports through the {@link CheckContext}.
 */
public interface Invariant {
    InvariantId id();

    default void onEvent(CheckContext ctx, EventLog.Entry entry) {
    }

    default void afterStep(CheckContext ctx) {
    }

    /** How a run ended (the main run, then the quiescing run). */
    default void onOutcome(CheckContext ctx, io.mapdirect.sim.RunOutcome outcome) {
    }

    default void atEnd(CheckContext ctx) {
    }

    default void afterCrash(CheckContext ctx) {
    }
}
