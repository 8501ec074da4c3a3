package io.mapdirect.kernel;

/** The capabilities the model checks. */
public enum Capability {
    /** May take leases on files it does not own ({@code generic_setlease}, MAP_DIRECT [06]). */
    CAP_LEASE,
    /** Bypasses file permission checks (opening files of other users). */
    CAP_DAC_OVERRIDE,
    /** Owner-only operations on files of other users. */
    CAP_FOWNER
}
