package io.mapdirect.check;

import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.FsEvents;
import io.mapdirect.fs.Inode;
import io.mapdirect.fs.locks.LeaseEvents;
import io.mapdirect.fs.mapdirect.MapDirectState;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.Oops;
import io.mapdirect.sim.RunOutcome;

/**
 * MAPDCOUNT: {@code i_mapdcount} equals the number of MAP_DIRECT leases on the inode not yet
 * unlocked, and never goes below zero [03] [04]. Checked when the count rises (the lease is in place
 * by then), when a MAP_DIRECT lease goes away, and at the end; an underflow is the BUG_ON of
 * {@code i_mapdcount_dec()}.
 */
public final class Mapdcount implements Invariant {
    @Override
    public InvariantId id() {
        return InvariantId.MAPDCOUNT;
    }

    @Override
    public void onOutcome(CheckContext ctx, RunOutcome outcome) {
        if (outcome instanceof RunOutcome.Crashed crash && crash.error() instanceof Oops oops
                && oops.where().equals("i_mapdcount_dec")) {
            ctx.report(id(), "i_mapdcount went below zero: " + oops.getMessage(), oops.object());
        }
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case FsEvents.MapdcountChanged changed when isRise(ctx, changed) -> check(ctx, changed.ino());
            case LeaseEvents.LeaseRemoved removed when removed.layout() && removed.owner().startsWith("map_direct_state")
                    -> check(ctx, removed.ino());
            default -> { }
        }
    }

    private static boolean isRise(CheckContext ctx, FsEvents.MapdcountChanged changed) {
        Inode inode = ModelView.inode(ctx.world(), changed.ino());
        return inode != null && countLeases(inode) <= changed.value();
    }

    private void check(CheckContext ctx, long ino) {
        Inode inode = ModelView.inode(ctx.world(), ino);
        if (inode == null) {
            return;
        }
        int leases = countLeases(inode);
        if (inode.mapdcount() != leases) {
            ctx.report(id(), "i_mapdcount is " + inode.mapdcount() + " but " + leases + " MAP_DIRECT lease(s) remain",
                    "ino " + ino);
        }
    }

    static int countLeases(Inode inode) {
        int count = 0;
        for (FileLock lease : inode.flctx().leasesSnapshot()) {
            if (!lease.isFreed() && lease.owner() instanceof MapDirectState) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void atEnd(CheckContext ctx) {
        for (var superBlock : ctx.world().vfs().superBlocks()) {
            for (Inode inode : superBlock.inodes()) {
                check(ctx, inode.ino());
            }
        }
    }
}
