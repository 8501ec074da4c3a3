package io.mapdirect.sim;

import java.util.ArrayDeque;

/**
 * A sleeping mutex (the kernel's {@code struct mutex}). Acquire and release are yield points. A
 * release hands the mutex straight to the longest waiter, so waiters are served in FIFO order.
 * Outside a run (world set-up) it can be taken and released as long as nobody holds it.
 */
public final class SimMutex implements Blocker {
    private static final Object SETUP = new Object();

    private final Simulation simulation;
    private final String name;
    private final Site acquireSite;
    private final Site releaseSite;
    private final ArrayDeque<Task> waiters = new ArrayDeque<>();
    private Object owner;

    public SimMutex(Simulation simulation, String name) {
        this.simulation = simulation;
        this.name = name;
        this.acquireSite = Site.of("lock " + name);
        this.releaseSite = Site.of("unlock " + name);
    }

    /** Takes the mutex, sleeping while another task holds it. */
    public void lock() {
        simulation.yieldPoint(acquireSite);
        simulation.lockBookkeeping();
        try {
            Object self = self();
            if (owner == self) {
                throw new IllegalStateException("recursive lock of mutex " + name + " by " + self);
            }
            if (owner == null) {
                owner = self;
                return;
            }
            if (self == SETUP) {
                throw new IllegalStateException("mutex " + name + " is held during set-up");
            }
            Task task = (Task) self;
            waiters.add(task);
            while (owner != task) {
                simulation.sleepOn(this, acquireSite, -1, false);
            }
        } finally {
            simulation.unlockBookkeeping();
        }
    }

    /** Takes the mutex if it is free; never sleeps. */
    public boolean tryLock() {
        simulation.yieldPoint(acquireSite);
        simulation.lockBookkeeping();
        try {
            if (owner != null) {
                return false;
            }
            owner = self();
            return true;
        } finally {
            simulation.unlockBookkeeping();
        }
    }

    /** Releases the mutex, handing it to the first waiter. */
    public void unlock() {
        simulation.lockBookkeeping();
        try {
            Object self = self();
            if (owner != self) {
                throw new IllegalStateException("mutex " + name + " released by " + self + " but held by " + owner);
            }
            Task next = waiters.poll();
            owner = next;
            if (next != null) {
                simulation.wake(next);
            }
        } finally {
            simulation.unlockBookkeeping();
        }
        simulation.yieldPoint(releaseSite);
    }

    /** Whether anybody holds the mutex. */
    public boolean isLocked() {
        return owner != null;
    }

    /** Whether the calling task holds it. */
    public boolean isHeldByCurrent() {
        return owner != null && owner == self();
    }

    public String name() {
        return name;
    }

    private Object self() {
        return simulation.isRunning() ? simulation.current() : SETUP;
    }

    @Override
    public String describeWait() {
        return "mutex " + name + " held by " + owner;
    }
}
