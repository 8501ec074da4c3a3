package io.mapdirect.nic;

/** The state of an MR's queue pair, as far as DMA cares. */
public enum QpState {
    /** Ready to send and receive (RTS). */
    OK,
    /** An access error moved the QP to the error state: every later work request fails. */
    ERROR
}
