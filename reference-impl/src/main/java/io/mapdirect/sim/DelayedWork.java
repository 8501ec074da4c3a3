package io.mapdirect.sim;

/**
 * A delayed work item ({@code struct delayed_work}): a timer that queues the work when it fires.
 * {@link #flush()} mirrors {@code flush_delayed_work()}: a pending timer is cancelled and the work
 * queued at once, then flushed.
 */
public final class DelayedWork extends Work {
    private final Simulation simulation;
    private final Site timerSite;
    private Timer timer;

    public DelayedWork(Workqueue workqueue, String name, Runnable body) {
        super(workqueue, name, body);
        this.simulation = workqueue.simulation();
        this.timerSite = Site.of("timer " + name);
    }

    /** {@code schedule_delayed_work()}: returns false if already pending (timer armed or queued). */
    public boolean schedule(long delayNs) {
        boolean busy;
        simulation.lockBookkeeping();
        try {
            busy = isTimerPending() || isPending();
            if (!busy && delayNs != 0) {
                timer = simulation.armTimer(delayNs, timerSite, this::queueWithoutYield);
            }
        } finally {
            simulation.unlockBookkeeping();
        }
        if (!busy && delayNs == 0) {
            return queue();
        }
        simulation.yieldPoint(timerSite);
        return !busy;
    }

    /** Whether the timer is armed. */
    public boolean isTimerPending() {
        return timer != null && timer.isPending();
    }

    /** Deadline of the armed timer, or -1. */
    public long timerDeadlineNs() {
        return isTimerPending() ? timer.deadlineNs() : -1;
    }

    /** {@code cancel_delayed_work()}: disarms the timer or removes the queued instance. */
    @Override
    public boolean cancel() {
        simulation.lockBookkeeping();
        try {
            if (isTimerPending()) {
                simulation.cancelTimer(timer);
                return true;
            }
            return super.cancel();
        } finally {
            simulation.unlockBookkeeping();
        }
    }

    /** {@code flush_delayed_work()}: runs a pending timer's work now and waits for it. */
    @Override
    public boolean flush() {
        simulation.lockBookkeeping();
        try {
            if (isTimerPending()) {
                simulation.cancelTimer(timer);
                queueWithoutYield();
            }
        } finally {
            simulation.unlockBookkeeping();
        }
        return super.flush();
    }
}
