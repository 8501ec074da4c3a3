package io.mapdirect.events;

/** Who runs a sequence of operations. */
public enum ActorKind {
    /** A user process (its calls and accesses). */
    PROCESS,
    /** The DMA device: DMA reads and writes through MRs. */
    DEVICE,
    /** The environment: time, signals, crashes, device shutdown. */
    ENV,
    /** Any actor (sleep, sysctl). */
    ANY;

    /** Whether an op restricted to {@code this} may run on an actor of kind {@code actor}. */
    public boolean allows(ActorKind actor) {
        return this == ANY || this == actor;
    }
}
