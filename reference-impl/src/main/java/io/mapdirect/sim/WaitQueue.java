package io.mapdirect.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A wait queue ({@code wait_event*} / {@code wake_up*}): sleepers re-check their condition after
 * every wake, with an optional virtual-time timeout and optional interruptibility. Sleeping and
 * waking are yield points.
 */
public final class WaitQueue implements Blocker {
    private final Simulation simulation;
    private final String name;
    private final Site sleepSite;
    private final Site wakeSite;
    private final List<Task> sleepers = new ArrayList<>();
    private final boolean idle;

    public WaitQueue(Simulation simulation, String name) {
        this(simulation, name, false);
    }

    WaitQueue(Simulation simulation, String name, boolean idle) {
        this.simulation = simulation;
        this.name = name;
        this.sleepSite = Site.of("wait " + name);
        this.wakeSite = Site.of("wake " + name);
        this.idle = idle;
    }

    /**
     * Sleeps until {@code condition} holds. {@code timeoutNs < 0} means no timeout. Returns
     * {@link WaitResult#DONE} when the condition holds (even if it became true exactly as the
     * timeout fired), {@link WaitResult#TIMED_OUT} or {@link WaitResult#INTERRUPTED}.
     */
    public WaitResult waitEvent(BooleanSupplier condition, long timeoutNs, boolean interruptible) {
        simulation.yieldPoint(sleepSite);
        simulation.lockBookkeeping();
        try {
            return waitLocked(condition, timeoutNs, interruptible);
        } finally {
            simulation.unlockBookkeeping();
        }
    }

    private WaitResult waitLocked(BooleanSupplier condition, long timeoutNs, boolean interruptible) {
        long deadlineNs = timeoutNs < 0 ? -1 : simulation.nowNs() + timeoutNs;
        while (!condition.getAsBoolean()) {
            Task self = simulation.current();
            if (interruptible && self != null && self.interruptPending()) {
                return WaitResult.INTERRUPTED;
            }
            long remainingNs = deadlineNs < 0 ? -1 : deadlineNs - simulation.nowNs();
            if (deadlineNs >= 0 && remainingNs <= 0) {
                return WaitResult.TIMED_OUT;
            }
            sleepers.add(self);
            WaitResult result;
            try {
                result = simulation.sleepOn(this, sleepSite, remainingNs, interruptible);
            } finally {
                sleepers.remove(self);
            }
            if (result == WaitResult.INTERRUPTED && !condition.getAsBoolean()) {
                return WaitResult.INTERRUPTED;
            }
            if (result == WaitResult.TIMED_OUT && !condition.getAsBoolean()) {
                return WaitResult.TIMED_OUT;
            }
        }
        return WaitResult.DONE;
    }

    /** Sleeps until {@code condition} holds, without timeout or interruption. */
    public void waitEvent(BooleanSupplier condition) {
        waitEvent(condition, -1, false);
    }

    /** Wakes every sleeper (they re-check their conditions). A yield point. */
    public void wakeUpAll() {
        wakeWithoutYield();
        simulation.yieldPoint(wakeSite);
    }

    /** Wakes every sleeper without a yield point: for timer actions, which must not yield. */
    public void wakeWithoutYield() {
        simulation.lockBookkeeping();
        try {
            for (Task sleeper : List.copyOf(sleepers)) {
                simulation.wake(sleeper);
            }
        } finally {
            simulation.unlockBookkeeping();
        }
    }

    /** Whether any task sleeps here. */
    public boolean hasSleepers() {
        simulation.lockBookkeeping();
        try {
            return !sleepers.isEmpty();
        } finally {
            simulation.unlockBookkeeping();
        }
    }

    public String name() {
        return name;
    }

    @Override
    public String describeWait() {
        return "wait queue " + name;
    }

    @Override
    public boolean isIdleWait() {
        return idle;
    }
}
