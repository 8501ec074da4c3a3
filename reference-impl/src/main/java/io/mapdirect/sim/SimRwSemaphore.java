package io.mapdirect.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A sleeping reader/writer semaphore (the kernel's {@code struct rw_semaphore}, used for the inode
 * I/O lock, the XFS fault lock and the mmap lock). Waiters queue in FIFO order; a new reader
 * queues behind a waiting writer, so writers are not starved. Acquire and release are yield points.
 */
public final class SimRwSemaphore implements Blocker {
    private static final Object SETUP = new Object();

    private final Simulation simulation;
    private final String name;
    private final Site readSite;
    private final Site writeSite;
    private final Site releaseSite;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final List<Object> readers = new ArrayList<>();
    private Object writer;

    private static final class Waiter {
        final Task task;
        final boolean write;
        boolean granted;

        Waiter(Task task, boolean write) {
            this.task = task;
            this.write = write;
        }
    }

    public SimRwSemaphore(Simulation simulation, String name) {
        this.simulation = simulation;
        this.name = name;
        this.readSite = Site.of("down_read " + name);
        this.writeSite = Site.of("down_write " + name);
        this.releaseSite = Site.of("up " + name);
    }

    /** Takes the semaphore shared. */
    public void downRead() {
        simulation.yieldPoint(readSite);
        simulation.lockBookkeeping();
        try {
            Object self = self();
            if (writer == null && waiters.isEmpty()) {
                readers.add(self);
                return;
            }
            sleepUntilGranted(self, false, readSite);
        } finally {
            simulation.unlockBookkeeping();
        }
    }

    /** Takes the semaphore exclusively. */
    public void downWrite() {
        simulation.yieldPoint(writeSite);
        simulation.lockBookkeeping();
        try {
            Object self = self();
            if (writer == null && readers.isEmpty() && waiters.isEmpty()) {
                writer = self;
                return;
            }
            sleepUntilGranted(self, true, writeSite);
        } finally {
            simulation.unlockBookkeeping();
        }
    }

    private void sleepUntilGranted(Object self, boolean write, Site site) {
        if (self == writer || readers.contains(self)) {
            throw new IllegalStateException("rw_semaphore " + name + " taken again by its holder " + self);
        }
        if (self == SETUP) {
            throw new IllegalStateException("rw_semaphore " + name + " is busy during set-up");
        }
        Waiter waiter = new Waiter((Task) self, write);
        waiters.add(waiter);
        while (!waiter.granted) {
            simulation.sleepOn(this, site, -1, false);
        }
    }

    /** Releases a shared hold. */
    public void upRead() {
        simulation.lockBookkeeping();
        try {
            Object self = self();
            if (!readers.remove(self)) {
                throw new IllegalStateException("rw_semaphore " + name + " up_read by " + self + " which holds no read lock");
            }
            grantWaiters();
        } finally {
            simulation.unlockBookkeeping();
        }
        simulation.yieldPoint(releaseSite);
    }

    /** Releases the exclusive hold. */
    public void upWrite() {
        simulation.lockBookkeeping();
        try {
            Object self = self();
            if (writer != self) {
                throw new IllegalStateException("rw_semaphore " + name + " up_write by " + self + " but held by " + writer);
            }
            writer = null;
            grantWaiters();
        } finally {
            simulation.unlockBookkeeping();
        }
        simulation.yieldPoint(releaseSite);
    }

    private void grantWaiters() {
        while (!waiters.isEmpty()) {
            Waiter head = waiters.peek();
            if (head.write) {
                if (writer != null || !readers.isEmpty()) {
                    return;
                }
                writer = head.task;
            } else {
                if (writer != null) {
                    return;
                }
                readers.add(head.task);
            }
            waiters.poll();
            head.granted = true;
            simulation.wake(head.task);
            if (head.write) {
                return;
            }
        }
    }

    /** Whether the calling task holds it exclusively. */
    public boolean isWriteHeldByCurrent() {
        return writer != null && writer == self();
    }

    /** Whether the calling task holds it (shared or exclusive). */
    public boolean isHeldByCurrent() {
        simulation.lockBookkeeping();
        try {
            Object self = self();
            return writer == self || readers.contains(self);
        } finally {
            simulation.unlockBookkeeping();
        }
    }

    /** Whether anybody holds it. */
    public boolean isLocked() {
        return writer != null || !readers.isEmpty();
    }

    public String name() {
        return name;
    }

    private Object self() {
        return simulation.isRunning() ? simulation.current() : SETUP;
    }

    @Override
    public String describeWait() {
        return "rw_semaphore " + name + (writer != null ? " held for write by " + writer : " held for read by " + readers);
    }
}
