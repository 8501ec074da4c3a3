package io.mapdirect.check;

import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.sim.VirtualClock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * GRACE_BEFORE_REVOKE: an RDMA registrant's DMA is not revoked before lease-break-time has passed
 * since the break began, unless it released the MR itself [35] [39] [41]. A lease_direct's break
 * callback that returns before the break began plus lease-break-time (as it was then) violates it,
 * unless the owner was already destroying the lease_direct (deregistration).
 */
public final class GraceBeforeRevoke implements Invariant {
    private final Map<String, Long> earliestRevokeNs = new LinkedHashMap<>();
    private final Set<String> releasing = new LinkedHashSet<>();

    @Override
    public InvariantId id() {
        return InvariantId.GRACE_BEFORE_REVOKE;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case MapDirectEvents.LeaseDirectBreakNoticed noticed ->
                    earliestRevokeNs.put(noticed.leaseDirect(), entry.timeNs() + ctx.world().kernel().leaseBreakTimeNs());
            case MapDirectEvents.LeaseDirectDestroying destroying -> releasing.add(destroying.leaseDirect());
            case MapDirectEvents.BreakCallbackReturned returned -> {
                Long earliest = earliestRevokeNs.get(returned.leaseDirect());
                if (earliest != null && entry.timeNs() < earliest && !releasing.contains(returned.leaseDirect())) {
                    ctx.report(id(), returned.owner() + " was revoked at " + VirtualClock.formatNs(entry.timeNs())
                            + ", before its grace ended at " + VirtualClock.formatNs(earliest), returned.owner());
                }
            }
            default -> { }
        }
    }
}
