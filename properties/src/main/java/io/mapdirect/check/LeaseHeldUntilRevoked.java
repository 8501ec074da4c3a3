package io.mapdirect.check;

import io.mapdirect.fs.locks.LeaseEvents;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.kernel.EventLog;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * LEASE_HELD_UNTIL_REVOKED: a lease_direct lease whose break has begun is not unlocked (by the lease
 * core's time-out or anybody else) before its revocation callback has returned, unless its owner is
 * destroying it; and a lease_direct is never freed while its callback is still due.
 *
 * <p>[08]: "since DAX gives direct-access to filesystem blocks we can not allow those blocks to
 * move or change state while they are under active RDMA. So, if the filesystem determines it needs
 * to move blocks it can revoke device access before proceeding." The posted
 * {@code lease_direct_invalidate()} runs {@code lds->lds_break_fn(lds->lds_owner)} and only then
 * {@code vfs_setlease(lds->lds_file, F_UNLCK, NULL, &owner)}, and
 * {@code map_direct_lease_destroy()} flushes the work ({@code flush_work(&lds->lds_work)}) before
 * {@code kfree(ld)}. The breaker waits for the lease to go [05]; once it is gone the breaker
 * changes the block map, so a lease gone before the revocation lets the device reach blocks the
 * file no longer owns.
 *
 * <p>A revocation is due from the break's start (the lease core's {@code LeaseBreakStarted} of the
 * lease_direct's lease, or its {@code LeaseDirectBreakNoticed}, which a worker may overtake) until
 * {@code BreakCallbackReturned}. A
 * {@code LeaseRemoved} of the lease_direct's layout lease in that window violates it unless
 * {@code LeaseDirectDestroying} came first (deregistration: the MR is gone from the device before
 * the umem is released); a {@code LeaseDirectDestroyed} in that window always violates it.
 */
public final class LeaseHeldUntilRevoked implements Invariant {
    private final Set<String> leaseDirects = new LinkedHashSet<>();
    private final Set<String> due = new LinkedHashSet<>();
    private final Set<String> revoked = new LinkedHashSet<>();
    private final Set<String> destroying = new LinkedHashSet<>();

    @Override
    public InvariantId id() {
        return InvariantId.LEASE_HELD_UNTIL_REVOKED;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case MapDirectEvents.LeaseDirectTaken taken -> leaseDirects.add(taken.leaseDirect());
            case LeaseEvents.LeaseBreakStarted started when leaseDirects.contains(started.owner()) -> breakBegan(started.owner());
            case MapDirectEvents.LeaseDirectBreakNoticed noticed -> breakBegan(noticed.leaseDirect());
            case MapDirectEvents.BreakCallbackReturned returned -> {
                due.remove(returned.leaseDirect());
                revoked.add(returned.leaseDirect());
            }
            case MapDirectEvents.LeaseDirectDestroying d -> destroying.add(d.leaseDirect());
            case LeaseEvents.LeaseRemoved removed when removed.layout() -> onRemoved(ctx, removed);
            case MapDirectEvents.LeaseDirectDestroyed destroyed when due.contains(destroyed.leaseDirect()) ->
                    ctx.report(id(), destroyed.leaseDirect() + " of " + destroyed.owner()
                            + " was freed before its revocation callback returned", destroyed.leaseDirect());
            default -> { }
        }
    }

    /** A lease_direct breaks once (its BREAK bit never clears): a break noticed after its callback returned is that one. */
    private void breakBegan(String ld) {
        if (!revoked.contains(ld)) {
            due.add(ld);
        }
    }

    private void onRemoved(CheckContext ctx, LeaseEvents.LeaseRemoved removed) {
        String ld = removed.owner();
        if (!due.contains(ld) || destroying.contains(ld)) {
            return;
        }
        ctx.report(id(), "the lease of " + ld + " was removed (" + removed.why()
                + ") before its revocation callback returned", ld);
    }
}
