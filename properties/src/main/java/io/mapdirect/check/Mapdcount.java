package io.mapdirect.check;

import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.FsEvents;
import io.mapdirect.fs.Inode;
import io.mapdirect.fs.locks.LeaseEvents;
import io.mapdirect.fs.mapdirect.MapDirectState;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.Oops;
import io.mapdirect.sim.RunOutcome;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * MAPDCOUNT: {@code i_mapdcount} equals the number of MAP_DIRECT leases on the inode not yet
 * unlocked, and never goes below zero [03] [04]. Checked after every step, on the inodes the step
 * touched: an inode is dirty when its count changed or a MAP_DIRECT lease was added to it or
 * removed from it, and after the step (at a yield point, where no lock hides a half-done update)
 * each dirty inode's count must equal its MAP_DIRECT leases; so the check costs time in proportion
 * to what the step changed. An underflow is the BUG_ON of {@code i_mapdcount_dec()}; every inode
 * is checked once more at the end.
 */
public final class Mapdcount implements Invariant {
    private static final String MAP_DIRECT_OWNER = "map_direct_state";

    private final Set<Long> dirty = new LinkedHashSet<>();

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
            case FsEvents.MapdcountChanged changed -> dirty.add(changed.ino());
            case LeaseEvents.LeaseAdded added when added.owner().startsWith(MAP_DIRECT_OWNER) -> dirty.add(added.ino());
            case LeaseEvents.LeaseRemoved removed when removed.owner().startsWith(MAP_DIRECT_OWNER) ->
                    dirty.add(removed.ino());
            default -> { }
        }
    }

    @Override
    public void afterStep(CheckContext ctx) {
        if (dirty.isEmpty()) {
            return;
        }
        for (long ino : dirty) {
            check(ctx, ino);
        }
        dirty.clear();
    }

    private void check(CheckContext ctx, long ino) {
        Inode inode = ModelView.inode(ctx.world(), ino);
        if (inode == null) {
            return;
        }
        int leases = countLeases(inode);
        if (inode.mapdcount() < 0) {
            ctx.report(id(), "i_mapdcount of ino " + ino + " is " + inode.mapdcount(), "ino " + ino);
        } else if (inode.mapdcount() != leases) {
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
