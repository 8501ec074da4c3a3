package io.mapdirect.sim;

import java.util.PriorityQueue;

/**
 * Virtual time with nanosecond resolution and a timer queue. Time never moves on its own: the
 * {@link Simulation} advances it to the earliest timer only when no task can run, and timers with
 * equal deadlines fire in the order they were armed.
 */
public final class VirtualClock {
    public static final long NS_PER_US = 1_000L;
    public static final long NS_PER_MS = 1_000_000L;
    public static final long NS_PER_SEC = 1_000_000_000L;

    private long nowNs;
    private long sequence;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();

    /** The current virtual time. */
    public long nowNs() {
        return nowNs;
    }

    /** Arms a timer firing {@code delayNs} from now. The action runs with the baton held and must not block. */
    Timer arm(long delayNs, Site site, Runnable action) {
        if (delayNs < 0) {
            throw new IllegalArgumentException("negative timer delay " + delayNs + " at " + site);
        }
        Timer timer = new Timer(this, Math.addExact(nowNs, delayNs), sequence++, site, action);
        timers.add(timer);
        return timer;
    }

    boolean hasPendingTimers() {
        return !timers.isEmpty();
    }

    /** Deadline of the earliest pending timer; only valid if {@link #hasPendingTimers()}. */
    long earliestDeadlineNs() {
        return timers.peek().deadlineNs();
    }

    /** Removes the earliest timer and moves the clock to its deadline. */
    Timer popEarliest() {
        Timer timer = timers.poll();
        if (timer.deadlineNs() > nowNs) {
            nowNs = timer.deadlineNs();
        }
        timer.markFired();
        return timer;
    }

    boolean remove(Timer timer) {
        return timers.remove(timer);
    }

    int pendingTimers() {
        return timers.size();
    }

    /** Formats nanoseconds as seconds with nine decimals, e.g. {@code 45.000000000s}. */
    public static String formatNs(long ns) {
        return String.format("%d.%09ds", ns / NS_PER_SEC, ns % NS_PER_SEC);
    }
}
