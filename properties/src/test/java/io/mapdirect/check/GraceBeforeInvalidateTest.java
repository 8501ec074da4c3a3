package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.locks.LeaseEvents;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.KEvent;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import org.junit.jupiter.api.Test;

/** GRACE_BEFORE_INVALIDATE judged on event sequences: 45 s lease-break-time (the world's default). */
class GraceBeforeInvalidateTest {
    private static final long SEC = 1_000_000_000L;

    private final CheckContext ctx = new CheckContext(World.boot(WorldConfig.defaults()));
    private final GraceBeforeInvalidate checker = new GraceBeforeInvalidate();
    private int index;

    private void at(long timeNs, KEvent event) {
        checker.onEvent(ctx, new EventLog.Entry(index++, index, timeNs, "t", event));
    }

    private void registeredAndBrokenAt(long breakNs) {
        at(0, new MapDirectEvents.Registering("mds#1", 1, 100, 3));
        at(0, new LeaseEvents.LeaseAdded(1, "file_lock#2", "F_RDLCK", true, "mds#1"));
        at(breakNs, new LeaseEvents.LeaseBreakStarted(1, "file_lock#2", true, "mds#1", "F_UNLCK", 0));
        at(breakNs, new MapDirectEvents.BreakNoticed("mds#1", 1, breakNs + 45 * SEC));
    }

    @Test
    void anInvalidationBeforeTheGraceEndsViolatesIt() {
        registeredAndBrokenAt(SEC);
        at(2 * SEC, new MapDirectEvents.Invalidated("mds#1", 1, 1));
        assertThat(ctx.violations()).extracting(Violation::id).containsExactly(InvariantId.GRACE_BEFORE_INVALIDATE);
    }

    @Test
    void anInvalidationOnceTheGraceEndedKeepsIt() {
        registeredAndBrokenAt(SEC);
        at(46 * SEC, new MapDirectEvents.Invalidated("mds#1", 1, 1));
        assertThat(ctx.violations()).isEmpty();
    }

    @Test
    void theBreakBeginsAtTheLeaseCoresBreakNotAtTheNoticeThatFollows() {
        at(0, new MapDirectEvents.Registering("mds#1", 1, 100, 3));
        at(0, new LeaseEvents.LeaseAdded(1, "file_lock#2", "F_RDLCK", true, "mds#1"));
        at(SEC, new LeaseEvents.LeaseBreakStarted(1, "file_lock#2", true, "mds#1", "F_UNLCK", 0));
        at(10 * SEC, new MapDirectEvents.BreakNoticed("mds#1", 1, 55 * SEC));
        at(46 * SEC, new MapDirectEvents.Invalidated("mds#1", 1, 1));
        assertThat(ctx.violations()).isEmpty();
    }

    @Test
    void theHolderUnmappingItsLastVmaMayInvalidateEarly() {
        registeredAndBrokenAt(SEC);
        at(2 * SEC, new MapDirectEvents.LastVmaClosed("mds#1", 1));
        at(2 * SEC, new MapDirectEvents.Invalidated("mds#1", 1, 0));
        assertThat(ctx.violations()).isEmpty();
    }

    @Test
    void anInvalidationWithoutAnyBreakViolatesIt() {
        at(0, new MapDirectEvents.Registering("mds#1", 1, 100, 3));
        at(SEC, new MapDirectEvents.Invalidated("mds#1", 1, 1));
        assertThat(ctx.violations()).extracting(Violation::id).containsExactly(InvariantId.GRACE_BEFORE_INVALIDATE);
    }
}
