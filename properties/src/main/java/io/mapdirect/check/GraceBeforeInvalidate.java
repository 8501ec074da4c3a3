package io.mapdirect.check;

import io.mapdirect.fs.locks.LeaseEvents;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.sim.VirtualClock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * GRACE_BEFORE_INVALIDATE: a MAP_DIRECT holder's mapping is not invalidated before lease-break-time
 * has passed since its lease's break began, unless the holder unmapped it itself (closed its last
 * VMA). The mapping side of GRACE_BEFORE_REVOKE.
 *
 * <p>[00]: "Similar to fcntl leases, there is no way for userspace to to cancel the lease break
 * process once it has started, it can only delay it via the /proc/sys/fs/lease-break-time
 * setting." [06]: "the mechanism of a lease break is identical to the typical lease break case
 * where the lease needs to be removed (munmap) within the number of seconds specified by
 * /proc/sys/fs/lease-break-time. If the lease holder fails to remove the lease in time the kernel
 * will invalidate the mapping". [04] {@code map_direct_lm_break()}: "we schedule that work with the
 * original timeout set by the file-locks core".
 *
 * <p>The break begins at the first {@code lm_break} of the state's layout lease (the lease core's
 * {@code LeaseBreakStarted}, or the state's {@code BreakNoticed}, whichever the checker sees first);
 * the grace is the lease-break-time of that instant. An {@code Invalidated} earlier than the break
 * plus the grace violates it, unless the state's last VMA closed first (munmap or exit: the close
 * flushes the invalidation, which is the holder giving the mapping up).
 */
public final class GraceBeforeInvalidate implements Invariant {
    private final Set<String> states = new LinkedHashSet<>();
    private final Map<String, String> stateOfLease = new LinkedHashMap<>();
    private final Map<String, Long> graceEndNs = new LinkedHashMap<>();
    private final Set<String> unmappedByHolder = new LinkedHashSet<>();

    @Override
    public InvariantId id() {
        return InvariantId.GRACE_BEFORE_INVALIDATE;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case MapDirectEvents.Registering r -> states.add(r.mds());
            case LeaseEvents.LeaseAdded added when added.layout() && states.contains(added.owner()) ->
                    stateOfLease.put(added.lease(), added.owner());
            case LeaseEvents.LeaseBreakStarted started when stateOfLease.containsKey(started.lease()) ->
                    breakBegan(ctx, stateOfLease.get(started.lease()), entry.timeNs());
            case MapDirectEvents.BreakNoticed noticed -> breakBegan(ctx, noticed.mds(), entry.timeNs());
            case MapDirectEvents.LastVmaClosed closed -> unmappedByHolder.add(closed.mds());
            case MapDirectEvents.Invalidated invalidated -> check(ctx, invalidated.mds(), entry.timeNs());
            default -> { }
        }
    }

    private void breakBegan(CheckContext ctx, String mds, long nowNs) {
        graceEndNs.putIfAbsent(mds, nowNs + ctx.world().kernel().leaseBreakTimeNs());
    }

    private void check(CheckContext ctx, String mds, long nowNs) {
        Long endNs = graceEndNs.get(mds);
        if (unmappedByHolder.contains(mds)) {
            return;
        }
        if (endNs == null) {
            ctx.report(id(), mds + " was invalidated at " + VirtualClock.formatNs(nowNs)
                    + " though no break of its lease began", mds);
        } else if (nowNs < endNs) {
            ctx.report(id(), mds + " was invalidated at " + VirtualClock.formatNs(nowNs)
                    + ", before its holder's grace ended at " + VirtualClock.formatNs(endNs), mds);
        }
    }
}
