package io.mapdirect.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A workqueue with up to {@code maxWorkers} kernel worker tasks, spawned on demand. Queueing work
 * hands it to an idle worker not already claimed by earlier work, else spawns a worker while fewer
 * than {@code maxWorkers} exist, else leaves it for a busy worker. As in the kernel (since 3.7) a
 * work item never runs on two workers at once: an instance queued while the previous one runs
 * waits until that one has finished. Idle workers sleep on an idle wait that does not count as a
 * deadlock; they are unwound when the run ends and spawned again by the next run that queues work.
 */
public final class Workqueue {
    private final Simulation simulation;
    private final String name;
    private final int maxWorkers;
    private final ArrayDeque<Work> queue = new ArrayDeque<>();
    private final List<Task> workers = new ArrayList<>();
    private final List<Task> idleWorkers = new ArrayList<>();
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
        idleWorkers.removeIf(worker -> worker.state() == Task.State.DONE);
        if (!idleWorkers.isEmpty()) {
            simulation.wake(idleWorkers.remove(0));
        } else if (workers.size() < maxWorkers) {
            workers.add(simulation.spawn(name + "/" + spawned++, this::workerLoop));
        }
    }

    void dequeue(Work work) {
        queue.remove(work);
    }

    private void workerLoop() {
        Task self = simulation.current();
        while (true) {
            Work work;
            simulation.lockBookkeeping();
            try {
                work = takeRunnableWork();
                if (work == null) {
                    idleWorkers.add(self);
                }
            } finally {
                simulation.unlockBookkeeping();
            }
            if (work != null) {
                work.runOnWorker();
                continue;
            }
            idle.waitEvent(() -> !idleWorkers.contains(self));
        }
    }

    /** The first queued item whose previous instance is not running elsewhere, removed from the queue; or null. */
    private Work takeRunnableWork() {
        for (Iterator<Work> it = queue.iterator(); it.hasNext(); ) {
            Work work = it.next();
            if (!work.running) {
                it.remove();
                return work;
            }
        }
        return null;
    }

    /** Number of queued, not yet started items. */
    public int queued() {
        simulation.lockBookkeeping();
        try {
            return queue.size();
        } finally {
            simulation.unlockBookkeeping();
        }
    }

    public String name() {
        return name;
    }
}
