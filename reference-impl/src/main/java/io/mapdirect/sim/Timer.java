package io.mapdirect.sim;

/** A pending timer. Cancel it through {@link Simulation#cancelTimer(Timer)}. */
public final class Timer implements Comparable<Timer> {
    private final VirtualClock clock;
    private final long deadlineNs;
    private final long sequence;
    private final Site site;
    private final Runnable action;
    private boolean fired;
    private boolean cancelled;

    Timer(VirtualClock clock, long deadlineNs, long sequence, Site site, Runnable action) {
        this.clock = clock;
        this.deadlineNs = deadlineNs;
        this.sequence = sequence;
        this.site = site;
        this.action = action;
    }

    public long deadlineNs() {
        return deadlineNs;
    }

    public Site site() {
        return site;
    }

    /** True while the timer is armed: neither fired nor cancelled. */
    public boolean isPending() {
        return !fired && !cancelled;
    }

    void markFired() {
        fired = true;
    }

    void run() {
        action.run();
    }

    boolean cancel() {
        if (!isPending()) {
            return false;
        }
        cancelled = true;
        return clock.remove(this);
    }

    @Override
    public int compareTo(Timer other) {
        int byDeadline = Long.compare(deadlineNs, other.deadlineNs);
        return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
    }
}
