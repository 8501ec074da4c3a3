package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.locks.LeaseEvents;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.KEvent;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import org.junit.jupiter.api.Test;

/** LEASE_HELD_UNTIL_REVOKED judged on event sequences of one lease_direct, {@code ld#1}, and its lease. */
class LeaseHeldUntilRevokedTest {
    private final CheckContext ctx = new CheckContext(World.boot(WorldConfig.defaults()));
    private final LeaseHeldUntilRevoked checker = new LeaseHeldUntilRevoked();
    private int index;

    private void on(KEvent event) {
        checker.onEvent(ctx, new EventLog.Entry(index++, index, 0, "t", event));
    }

    private void takenAndBroken() {
        on(new LeaseEvents.LeaseAdded(1, "file_lock#2", "F_RDLCK", true, "ld#1"));
        on(new MapDirectEvents.LeaseDirectTaken("ld#1", 1, "umem#1"));
        on(new LeaseEvents.LeaseBreakStarted(1, "file_lock#2", true, "ld#1", "F_UNLCK", 0));
    }

    private void removed(String why) {
        on(new LeaseEvents.LeaseRemoved(1, "file_lock#2", true, "ld#1", why));
    }

    @Test
    void aLeaseRemovedBeforeTheCallbackReturnedViolatesIt() {
        takenAndBroken();
        removed("timed out");
        on(new MapDirectEvents.BreakCallbackReturned("ld#1", 1, "umem#1"));
        assertThat(ctx.violations()).extracting(Violation::id).containsExactly(InvariantId.LEASE_HELD_UNTIL_REVOKED);
    }

    @Test
    void theCallbackThenTheUnlockKeepsIt() {
        takenAndBroken();
        on(new MapDirectEvents.LeaseDirectBreakNoticed("ld#1", 1, "umem#1", 0));
        on(new MapDirectEvents.BreakCallbackReturned("ld#1", 1, "umem#1"));
        removed("unlock");
        assertThat(ctx.violations()).isEmpty();
    }

    @Test
    void aNoticeThatAWorkerOvertookDoesNotReopenTheBreak() {
        takenAndBroken();
        on(new MapDirectEvents.BreakCallbackReturned("ld#1", 1, "umem#1"));
        on(new MapDirectEvents.LeaseDirectBreakNoticed("ld#1", 1, "umem#1", 0));
        removed("unlock");
        assertThat(ctx.violations()).isEmpty();
    }

    @Test
    void theOwnerDestroyingItMayUnlockFirstButNotFreeBeforeTheCallback() {
        takenAndBroken();
        on(new MapDirectEvents.LeaseDirectDestroying("ld#1", 1, "umem#1"));
        removed("unlock");
        assertThat(ctx.violations()).isEmpty();
        on(new MapDirectEvents.LeaseDirectDestroyed("ld#1", 1, "umem#1"));
        assertThat(ctx.violations()).extracting(Violation::id).containsExactly(InvariantId.LEASE_HELD_UNTIL_REVOKED);
    }

    @Test
    void aLeaseRemovedWithNoBreakIsNotItsBusiness() {
        on(new LeaseEvents.LeaseAdded(1, "file_lock#2", "F_RDLCK", true, "ld#1"));
        on(new MapDirectEvents.LeaseDirectTaken("ld#1", 1, "umem#1"));
        removed("unlock");
        assertThat(ctx.violations()).isEmpty();
    }
}
