package io.mapdirect.check;

import io.mapdirect.fs.Inode;
import io.mapdirect.fs.locks.LeaseEvents;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.kernel.Capability;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.proc.Process;

/**
 * LEASE_OWNER_OR_CAP_LEASE: only the file's owner, judged by the caller's filesystem uid (not its
 * uid), or a holder of CAP_LEASE creates a MAP_DIRECT mapping or takes a layout lease (the
 * MAP_DIRECT lease, a lease_direct lease, an F_LAYOUT lease).
 *
 * <p>[06]: "An unprivileged process may establish a MAP_DIRECT mapping on a file whose UID (owner)
 * matches the filesystem UID of the process. A process with the CAP_LEASE capability may establish
 * a MAP_DIRECT mapping on arbitrary files" and "EACCES Beyond the typical mmap(2) conditions that
 * trigger EACCES MAP_DIRECT also requires the permission to set a file lease." [04]
 * {@code map_direct_register()} and [08] {@code map_direct_lease()} both take their lease with
 * {@code vfs_setlease()}, whose permission test is that rule.
 *
 * <p>Judged when the lease is inserted ({@code LeaseAdded} of a layout lease, with the credentials
 * of the task inserting it), when a MAP_DIRECT state registers (the mapping process's credentials)
 * and when a lease_direct lease is taken.
 */
public final class LeaseOwnerOrCapLease implements Invariant {
    @Override
    public InvariantId id() {
        return InvariantId.LEASE_OWNER_OR_CAP_LEASE;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case LeaseEvents.LeaseAdded added when added.layout() ->
                    check(ctx, added.ino(), callerCreds(ctx), "layout lease " + added.lease());
            case MapDirectEvents.Registered registered -> {
                Process process = ModelView.process(ctx.world(), registered.pid());
                Creds creds = process == null ? callerCreds(ctx) : process.creds();
                check(ctx, registered.ino(), creds, "MAP_DIRECT mapping " + registered.mds());
            }
            case MapDirectEvents.LeaseDirectTaken taken ->
                    check(ctx, taken.ino(), callerCreds(ctx), "lease_direct " + taken.leaseDirect());
            default -> { }
        }
    }

    private static Creds callerCreds(CheckContext ctx) {
        return ctx.world().kernel().current().creds();
    }

    private void check(CheckContext ctx, long ino, Creds creds, String what) {
        Inode inode = ModelView.inode(ctx.world(), ino);
        if (inode == null || creds.fsuid() == inode.uid() || creds.capable(Capability.CAP_LEASE)) {
            return;
        }
        ctx.report(id(), what + " on ino " + ino + " (owner " + inode.uid() + ") was set up for fsuid " + creds.fsuid()
                + " (uid " + creds.uid() + ") without CAP_LEASE", what);
    }
}
