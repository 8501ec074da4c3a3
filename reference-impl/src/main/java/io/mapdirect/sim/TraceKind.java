package io.mapdirect.sim;

/** The kinds of entries a {@link Trace} records. */
public enum TraceKind {
    /** A task started running for the first time. */
    START,
    /** A yield point (lock acquire/release, racy access, wake, work schedule...). */
    YIELD,
    /** The scheduler switched from the recording task to the task in {@code arg}. */
    SWITCH,
    /** The task went to sleep on the site. */
    BLOCK,
    /** The task woke the task in {@code arg}. */
    WAKE,
    /** The clock jumped forward to the entry's time. */
    CLOCK,
    /** A timer fired at the entry's time. */
    TIMER,
    /** A model event (lease state, block-map change, DMA landing...), {@code arg} model-defined. */
    EVENT,
    /** The task finished. */
    END
}
