package io.mapdirect.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A workqueue with up to {@code maxWorkers} kernel worker tasks, spawned on demand. Idle workers
 * sleep on an idle wait that does not count as a deadlock; they are unwound when the run ends and
 * spawned again by the next run that queues work.
 */
public final class Workqueue {
    private final Simulation simulation;
    private final String name;
    private final int maxWorkers;
    private final ArrayDeque<Work> queue = new ArrayDeque<>();
    private final List<Task> workers = new ArrayList<>();
    private final WaitQueue idle;
    private final WaitQueue completions;
    private final Site queueSite;
    private final Site flushSite;
    private int spawned;

    public Workqueue(Simulation simulation, String name, int maxWorkers) {
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("workqueue " + name + " needs at least one worker, got " + maxWorkers);
        }
        this.simulation = simulation;
        this.name = name;
        this.maxWorkers = maxWorkers;
        this.idle = new WaitQueue(simulation, name + " idle", true);
        this.completions = new WaitQueue(simulation, name + " completions");
        this.queueSite = Site.of("queue_work " + name);
        this.flushSite = Site.of("flush_work " + name);
    }

    Simulation simulation() {
        return simulation;
    }

    Site queueSite() {
        return queueSite;
    }

    Site flushSite() {
        return flushSite;
    }

    WaitQueue completions() {
        return completions;
    }

    void enqueue(Work work) {
        queue.add(work);
        workers.removeIf(worker -> worker.state() == Task.State.DONE);
        if (idle.hasSleepers()) {
            idle.wakeWithoutYield();
        } else if (workers.size() < maxWorkers) {
            workers.add(simulation.spawn(name + "/" + spawned++, this::workerLoop));
        }
    }

    void dequeue(Work work) {
        queue.remove(work);
    }

    private void workerLoop() {
        while (true) {
            idle.waitEvent(() -> !queue.isEmpty());
            Work work = queue.poll();
            work.runOnWorker();
        }
    }

    /** Number of queued, not yet started items. */
    public int queued() {
        return queue.size();
    }

    public String name() {
        return name;
    }
}
