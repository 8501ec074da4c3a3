package io.mapdirect.fs;

import java.util.List;

/** {@code struct lock_manager_operations} for leases: how a lease's owner reacts to a break and to changes. */
public interface LeaseManagerOperations {
    /**
     * {@code ->lm_break}: called under the lease lock when a breaker arrives. Returns true if the
     * lease core should remove the lease at once.
     */
    boolean lmBreak(FileLock lease);

    /** {@code ->lm_change}: unlock ({@code F_UNLCK}) or downgrade; moves removed leases to {@code dispose}. 0 or -errno. */
    int lmChange(FileLock lease, int arg, List<FileLock> dispose);

    /**
     * {@code ->lm_setup}: called when the lease is inserted; {@code priv[0]} is the caller's fasync
     * entry, set to null when consumed.
     */
    void lmSetup(FileLock lease, Object[] priv);

    /** For reports. */
    String name();
}
