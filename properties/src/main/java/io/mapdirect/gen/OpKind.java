package io.mapdirect.gen;

/**
 * The kinds of operation a generated case may contain. Swarm testing: each case enables a random
 * subset of kinds, so that rare combinations get whole cases to themselves (TigerBeetle's VOPR,
 * Groce et al.'s swarm testing).
 */
public enum OpKind {
    /** The MAP_DIRECT holder stores, loads and flushes through its mapping. */
    HOLDER_ACCESS,
    /** The holder reacts to SIGIO: waits for it, maybe sleeps, then unmaps or deregisters. */
    HOLDER_REACTS,
    /** The holder unmaps part or all of its mapping, or changes its protection. */
    HOLDER_MUNMAP,
    /** The holder forks; the child unmaps, stores or exits. */
    FORK,
    /** The holder registers and deregisters RDMA memory regions over its mapping. */
    RDMA,
    /** fsync and msync. */
    SYNC,
    /** Breakers: write(2). */
    WRITE,
    /** Breakers: fallocate in every mode. */
    FALLOCATE,
    /** Breakers: truncate and ftruncate. */
    TRUNCATE,
    /** Breakers: FICLONE. */
    REFLINK,
    /** Opens that break fcntl leases, and fcntl leases themselves. */
    FCNTL_LEASE,
    /** Another process maps the file plainly and stores (an allocating fault). */
    OTHER_MAPPER,
    /** The DMA device writes and reads through the MR. */
    DMA,
    /** The environment: time passing, lease-break-time changes, signals to breakers. */
    ENV,
    /** The environment crashes the machine. */
    CRASH,
    /** device-dax: mapping, registration and shutdown. */
    DEVDAX,
    /**
     * Mapping probes: another process maps every kind of file (XFS, DAX or not; ramfs; device-dax)
     * with every flag combination ({@link ArgValues#MAP_FLAG_COMBINATIONS}), odd lengths and offsets
     * included, then touches, syncs, reprotects and unmaps the mapping.
     */
    MAP_FLAGS
}
