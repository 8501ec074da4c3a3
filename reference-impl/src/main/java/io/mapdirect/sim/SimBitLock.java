package io.mapdirect.sim;

import java.util.ArrayDeque;

/**
 * A bit lock with a wait queue (the kernel's {@code wait_on_bit_lock()} family, e.g. the lock bit of a
 * DAX entry): taking it while it is free and releasing it never sleep, so neither is a yield point;
 * only a task that finds it taken sleeps, until a release hands it over (FIFO). Taking a free bit lock
 * therefore leaves a trace exactly as it was, and the lock changes a run only where two tasks meet on
 * it. Outside a run (world set-up) it can be taken and released as long as nobody holds it.
 */
public final class SimBitLock implements Blocker {
    private static final Object SETUP = new Object();

    private final Simulation simulation;
    private final String name;
    private final Site waitSite;
    private final ArrayDeque<Task> waiters = new ArrayDeque<>();
    private Object owner;

    public SimBitLock(Simulation simulation, String name) {
        this.simulation = simulation;
        this.name = name;
        this.waitSite = Site.of("wait for " + name);
    }

    /** Takes the lock, sleeping while another task holds it. */
    public void lock() {
        simulation.lockBookkeeping();
        try {
            Object self = self();
            if (owner == self) {
                throw new IllegalStateException("recursive lock of " + name + " by " + self);
            }
            if (owner == null) {
                owner = self;
                return;
            }
            if (self == SETUP) {
                throw new IllegalStateException(name + " is held during set-up");
            }
            Task task = (Task) self;
            waiters.add(task);
            while (owner != task) {
                simulation.sleepOn(this, waitSite, -1, false);
            }
        } finally {
            simulation.unlockBookkeeping();
        }
    }

    /** Releases the lock, handing it to the first waiter and waking it. */
    public void unlock() {
        simulation.lockBookkeeping();
        try {
            Object self = self();
            if (owner != self) {
                throw new IllegalStateException(name + " released by " + self + " but held by " + owner);
            }
            Task next = waiters.poll();
            owner = next;
            if (next != null) {
                simulation.wake(next);
            }
        } finally {
            simulation.unlockBookkeeping();
        }
    }

    /** Whether anybody holds the lock. */
    public boolean isLocked() {
        return owner != null;
    }

    private Object self() {
        return simulation.isRunning() ? simulation.current() : SETUP;
    }

    @Override
    public String describeWait() {
        return name + " held by " + owner;
    }
}
