package io.mapdirect.sim;

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
    private long completedGeneration;
    private long cancelledGeneration;

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
        if (pending) {
            return false;
        }
        pending = true;
        queuedGeneration++;
        workqueue.enqueue(this);
        return true;
    }

    /** {@code cancel_work()}: removes a pending, not yet running instance; returns whether it was pending. */
    public boolean cancel() {
        if (!pending) {
            return false;
        }
        pending = false;
        workqueue.dequeue(this);
        cancelledGeneration = queuedGeneration;
        workqueue.completions().wakeWithoutYield();
        return true;
    }

    /** {@code cancel_work_sync()}: cancels and waits for a running instance to finish. */
    public boolean cancelSync() {
        boolean wasPending = cancel();
        workqueue.completions().waitEvent(() -> !running);
        return wasPending;
    }

    /**
     * {@code flush_work()}: waits until the instance queued or running now has finished (or, if it
     * was queued, been cancelled before it started); returns whether it waited.
     */
    public boolean flush() {
        long target = pending ? queuedGeneration : running ? startedGeneration : completedGeneration;
        if (isFinished(target)) {
            workqueue.simulation().yieldPoint(workqueue.flushSite());
            return false;
        }
        workqueue.completions().waitEvent(() -> isFinished(target));
        return true;
    }

    /**
     * Whether instance {@code generation} is over: it ran to completion, or it was cancelled while
     * queued. Cancelling a later queued instance says nothing about one still running, so a
     * cancellation counts only for instances that never started.
     */
    private boolean isFinished(long generation) {
        return completedGeneration >= generation
                || (cancelledGeneration >= generation && startedGeneration < generation);
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
        pending = false;
        running = true;
        startedGeneration = queuedGeneration;
        long generation = startedGeneration;
        Simulation simulation = workqueue.simulation();
        simulation.event(runSite, generation);
        try {
            body.run();
        } finally {
            running = false;
            completedGeneration = Math.max(completedGeneration, generation);
        }
        workqueue.completions().wakeUpAll();
    }

    @Override
    public String toString() {
        return "work " + name;
    }
}
