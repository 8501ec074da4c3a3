package io.mapdirect.sim;

/**
 * A spinlock ({@code spinlock_t}) for model state the kernel guards with one and never sleeps under:
 * shared bookkeeping such as the kernel's event sites, the tracked-object table and an inode's open-file
 * counts. In the deterministic mode it is free and not a yield point (the baton already excludes
 * everybody else, and traces stay as they were); in the real-thread stress mode it is the scheduler lock
 * ({@link ThreadedScheduler}), so the section runs alone. Reentrant; never sleep while holding it.
 */
public final class SimSpinLock {
    private final Simulation simulation;
    private final String name;

    public SimSpinLock(Simulation simulation, String name) {
        this.simulation = simulation;
        this.name = name;
    }

    /** {@code spin_lock()}. */
    public void lock() {
        simulation.lockBookkeeping();
    }

    /** {@code spin_unlock()}. */
    public void unlock() {
        simulation.unlockBookkeeping();
    }

    public String name() {
        return name;
    }
}
