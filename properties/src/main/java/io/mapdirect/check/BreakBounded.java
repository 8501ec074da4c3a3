package io.mapdirect.check;

import io.mapdirect.fs.locks.LeaseEvents;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.sim.RunOutcome;
import io.mapdirect.sim.VirtualClock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * BREAK_BOUNDED: a breaker blocked on a lease resumes within lease-break-time plus scheduling
 * slack; no task waits for ever [00] [06]. Every kind of blocker counts: a MAP_DIRECT layout lease,
 * a {@code ->lease_direct} lease, an fcntl read or write lease, a layout lease. The bound of a wait
 * is set each time the breaker blocks: the time the blocking lease's owner promised to act, where
 * its break callback made such a promise ({@code map_direct_lm_break()} and
 * {@code lease_direct_lm_break()} schedule the invalidation lease-break-time after the break, read
 * when the callback runs, and set {@code fl_break_time} to 0 so that the lease core waits for it
 * [04] [08]: with lease-break-time 0, at once), else the deadline the lease core gave the lease when
 * its break started (lease-break-time as it was then, scenario S4); plus one virtual millisecond.
 * The callback's own time wins because lease-break-time is a sysctl any task may change while a
 * break runs: one {@code __break_lease()} can then schedule its leases' invalidations with different
 * delays (seed 6152089937224505519 case 2680561: raised from 1 s to 5 s between two MAP_DIRECT
 * leases' callbacks, the breaker rightly waited 5 s for the second;
 * regressions/break-bounded-sysctl-raised-mid-break.case). When the breaker sleeps
 * again on another lease that was broken (one taken while it slept, which the woken breaker breaks
 * in turn), that lease's bound replaces the old one; a lease nobody broke has no deadline and leaves
 * the bound where it was, so a breaker back asleep on a lease it never broke is still held to the
 * first break's bound. A wait with no bound at all (an fcntl or layout lease under
 * lease-break-time 0, which {@code __break_lease()} waits for until its holder unlocks) must still
 * end: a breaker still blocked when a run ends (a deadlock, a runaway) violates it.
 */
public final class BreakBounded implements Invariant {
    static final long SLACK_NS = VirtualClock.NS_PER_MS;
    /** A wait that has no deadline. */
    private static final long UNBOUNDED = Long.MAX_VALUE;

    private record Wait(String blocker, long untilNs) { }

    private final Map<String, Long> leaseDeadline = new LinkedHashMap<>();
    private final Map<String, String> ownerOfLease = new LinkedHashMap<>();
    private final Map<String, Long> ownerActsAt = new LinkedHashMap<>();
    private final Map<String, Wait> waits = new LinkedHashMap<>();

    @Override
    public InvariantId id() {
        return InvariantId.BREAK_BOUNDED;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case LeaseEvents.LeaseAdded added -> ownerOfLease.put(added.lease(), added.owner());
            case LeaseEvents.LeaseBreakStarted started -> {
                ownerOfLease.put(started.lease(), started.owner());
                if (started.deadlineNs() > 0) {
                    leaseDeadline.putIfAbsent(started.lease(), started.deadlineNs());
                }
            }
            case MapDirectEvents.BreakNoticed noticed -> ownerActsAt.putIfAbsent(noticed.mds(), noticed.deadlineNs());
            case MapDirectEvents.LeaseDirectBreakNoticed noticed ->
                    ownerActsAt.putIfAbsent(noticed.leaseDirect(), noticed.runAtNs());
            case LeaseEvents.BreakerBlocked blocked -> waits.merge(blocked.task(),
                    new Wait(blocked.blocker(), boundOf(blocked.blocker())),
                    (earlier, now) -> now.untilNs() == UNBOUNDED ? earlier : now);
            case LeaseEvents.BreakerDone done -> waits.remove(done.task());
            default -> { }
        }
    }

    private long boundOf(String lease) {
        String owner = ownerOfLease.get(lease);
        Long deadline = owner == null ? null : ownerActsAt.get(owner);
        if (deadline == null) {
            deadline = leaseDeadline.get(lease);
        }
        return deadline == null ? UNBOUNDED : deadline + SLACK_NS;
    }

    @Override
    public void afterStep(CheckContext ctx) {
        if (waits.isEmpty()) {
            return;
        }
        long now = ctx.nowNs();
        for (Map.Entry<String, Wait> wait : waits.entrySet()) {
            if (now > wait.getValue().untilNs()) {
                ctx.report(id(), wait.getKey() + " is still blocked on " + wait.getValue().blocker() + " past "
                        + VirtualClock.formatNs(wait.getValue().untilNs()), wait.getKey(), wait.getValue().blocker());
                waits.remove(wait.getKey());
                return;
            }
        }
    }

    @Override
    public void onOutcome(CheckContext ctx, RunOutcome outcome) {
        switch (outcome) {
            case RunOutcome.Deadlock deadlock -> ctx.report(id(), outcome.describe(),
                    deadlock.blocked().stream().map(RunOutcome.BlockedTask::task).toArray(String[]::new));
            case RunOutcome.Runaway runaway when !waits.isEmpty() -> {
                Map.Entry<String, Wait> wait = waits.entrySet().iterator().next();
                ctx.report(id(), wait.getKey() + " was still blocked on " + wait.getValue().blocker()
                        + " when the run ended (" + outcome.describe() + ")", wait.getKey(), wait.getValue().blocker());
            }
            default -> { }
        }
    }
}
