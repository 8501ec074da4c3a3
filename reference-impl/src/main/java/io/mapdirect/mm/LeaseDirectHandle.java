package io.mapdirect.mm;

/** The {@code struct lease_direct} a {@code ->lease_direct()} call returns [08]; its owner destroys it. */
public interface LeaseDirectHandle {
    /** Mirrors {@code map_direct_lease_destroy()} [08]: unlock the lease, flush its work, drop the file. */
    void destroy();
}
