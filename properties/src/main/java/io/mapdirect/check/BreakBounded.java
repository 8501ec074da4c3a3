package io.mapdirect.check;

import io.mapdirect.fs.locks.LeaseEvents;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.sim.RunOutcome;
import io.mapdirect.sim.VirtualClock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * BREAK_BOUNDED: a breaker blocked on a MAP_DIRECT lease resumes within lease-break-time plus
 * scheduling slack; no task waits forever [00] [06]. The bound of a wait is the deadline the lease
 * core gave the blocking lease when its break started (lease-break-time as it was then, scenario
 * S4) plus one virtual millisecond; a deadlock (every task asleep, no timer) violates it too.
 */
public final class BreakBounded implements Invariant {
    static final long SLACK_NS = VirtualClock.NS_PER_MS;

    private final Map<String, Long> deadlineOfLease = new LinkedHashMap<>();
    private final Map<String, String> mapDirectLeases = new LinkedHashMap<>();
    private final Map<String, Long> blockedUntil = new LinkedHashMap<>();
    private final Map<String, String> blockedOn = new LinkedHashMap<>();

    @Override
    public InvariantId id() {
        return InvariantId.BREAK_BOUNDED;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case LeaseEvents.LeaseBreakStarted started -> {
                deadlineOfLease.put(started.lease(), started.deadlineNs());
                if (started.owner().startsWith("map_direct_state")) {
                    mapDirectLeases.put(started.lease(), started.owner());
                }
            }
            case LeaseEvents.BreakerBlocked blocked when mapDirectLeases.containsKey(blocked.blocker()) -> {
                long deadline = deadlineOfLease.getOrDefault(blocked.blocker(), 0L);
                if (deadline > 0) {
                    blockedUntil.put(blocked.task(), deadline + SLACK_NS);
                    blockedOn.put(blocked.task(), blocked.blocker());
                }
            }
            case LeaseEvents.BreakerDone done -> {
                blockedUntil.remove(done.task());
                blockedOn.remove(done.task());
            }
            default -> { }
        }
    }

    @Override
    public void afterStep(CheckContext ctx) {
        if (blockedUntil.isEmpty()) {
            return;
        }
        long now = ctx.nowNs();
        for (Map.Entry<String, Long> wait : blockedUntil.entrySet()) {
            if (now > wait.getValue()) {
                ctx.report(id(), wait.getKey() + " is still blocked on " + blockedOn.get(wait.getKey()) + " past "
                        + VirtualClock.formatNs(wait.getValue()), wait.getKey(), blockedOn.get(wait.getKey()));
                blockedUntil.remove(wait.getKey());
                return;
            }
        }
    }

    @Override
    public void onOutcome(CheckContext ctx, RunOutcome outcome) {
        if (outcome instanceof RunOutcome.Deadlock deadlock) {
            ctx.report(id(), outcome.describe(), deadlock.blocked().stream().map(RunOutcome.BlockedTask::task)
                    .toArray(String[]::new));
        }
    }
}
