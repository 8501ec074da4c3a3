package io.mapdirect.sim;

/** How a sleeping wait ended. */
public enum WaitResult {
    /** The condition became true. */
    DONE,
    /** The timeout expired first (virtual time). */
    TIMED_OUT,
    /** The task was interrupted (a pending signal, in kernel terms) during an interruptible wait. */
    INTERRUPTED
}
