package io.mapdirect.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A work item ({@code struct work_struct}) bound to a {@link Workqueue}. Queueing an item that is
 * already pending does nothing, as in the kernel. {@link #flush()} waits for the instance queued or
 * running at the time of the call.
 */
public class Work {
    private final Workqueue workqueue;
    private final String name;
    private final Site runSite;
    private final Runnable body;
    boolean pending;
    boolean running;
    private long queuedGeneration;
    private long startedGeneration;
    private final List<Flusher> flushers = new ArrayList<>();

    /** A task inside {@link #flush()}, waiting for instance {@code target} to complete or be cancelled. */
    private static final class Flusher {
        final long target;
        boolean done;

        Flusher(long target) {
            this.target = target;
        }
    }

    public Work(Workqueue workqueue, String name, Runnable body) {
        this.workqueue = workqueue;
        this.name = name;
        this.runSite = Site.of("work " + name);
        this.body = body;
    }

    /** {@code queue_work()}: returns false if the item was already pending. A yield point. */
    public boolean queue() {
        boolean queued = queueWithoutYield();
        workqueue.simulation().yieldPoint(workqueue.queueSite());
        return queued;
    }

    /** Queues without a yield point: for timer actions. */
    boolean queueWithoutYield() {
        Simulation simulation = workqueue.simulation();
        simulation.lockBookkeeping();
        try {
            if (pending) {
                return false;
            }
            pending = true;
            queuedGeneration++;
            workqueue.enqueue(this);
            return true;
        } finally {
            simulation.unlockBookkeeping();
        }
    }

    /** {@code cancel_work()}: removes a pending, not yet running instance; returns whether it was pending. */
    public boolean cancel() {
        Simulation simulation = workqueue.simulation();
        simulation.lockBookkeeping();
        try {
            if (!pending) {
                return false;
            }
            pending = false;
            workqueue.dequeue(this);
            settle(queuedGeneration, false);
            workqueue.completions().wakeWithoutYield();
            return true;
        } finally {
            simulation.unlockBookkeeping();
        }
    }

    /** {@code cancel_work_sync()}: cancels and waits for a running instance to finish. */
    public boolean cancelSync() {
        boolean wasPending = cancel();
        workqueue.completions().waitEvent(() -> !running);
        return wasPending;
    }

    /**
     * {@code flush_work()}: waits until the instance queued or running at the time of the call has
     * finished, or (if it was queued) been cancelled; returns whether it waited. Like the kernel's
     * flush barrier, it does not wait for an instance queued after the call.
     */
    public boolean flush() {
        Simulation simulation = workqueue.simulation();
        Flusher flusher;
        simulation.lockBookkeeping();
        try {
            if (!pending && !running) {
                flusher = null;
            } else {
                flusher = new Flusher(pending ? queuedGeneration : startedGeneration);
                flushers.add(flusher);
            }
        } finally {
            simulation.unlockBookkeeping();
        }
        if (flusher == null) {
            simulation.yieldPoint(workqueue.flushSite());
            return false;
        }
        try {
            workqueue.completions().waitEvent(() -> flusher.done);
        } finally {
            simulation.lockBookkeeping();
            flushers.remove(flusher);
            simulation.unlockBookkeeping();
        }
        return true;
    }

    /**
     * Instance {@code generation} is over: completed ({@code upTo}: so is every earlier one, since
     * instances run in order) or cancelled (only that one).
     */
    private void settle(long generation, boolean upTo) {
        for (Flusher flusher : flushers) {
            if (flusher.target == generation || (upTo && flusher.target < generation)) {
                flusher.done = true;
            }
        }
    }

    /** Whether the item is queued and not yet started. */
    public boolean isPending() {
        return pending;
    }

    /** Whether a worker is running the item. */
    public boolean isRunning() {
        return running;
    }

    public String name() {
        return name;
    }

    void runOnWorker() {
        Simulation simulation = workqueue.simulation();
        long generation;
        simulation.lockBookkeeping();
        try {
            pending = false;
            running = true;
            startedGeneration = queuedGeneration;
            generation = startedGeneration;
        } finally {
            simulation.unlockBookkeeping();
        }
        simulation.event(runSite, generation);
        try {
            body.run();
        } finally {
            simulation.lockBookkeeping();
            try {
                running = false;
                settle(generation, true);
            } finally {
                simulation.unlockBookkeeping();
            }
        }
        workqueue.completions().wakeUpAll();
    }

    @Override
    public String toString() {
        return "work " + name;
    }
}
