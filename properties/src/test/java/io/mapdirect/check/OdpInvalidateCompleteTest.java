package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.KEvent;
import io.mapdirect.mm.MmuNotifier;
import io.mapdirect.nic.NicEvent;
import io.mapdirect.rdma.RdmaEvent;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import org.junit.jupiter.api.Test;

/** ODP_INVALIDATE_COMPLETE judged on event sequences of ODP MR 1 over user pages 0x10000-0x10003. */
class OdpInvalidateCompleteTest {
    private static final long PAGE = 4096;
    private static final long BASE_PFN = 0x10000;

    private final CheckContext ctx = new CheckContext(World.boot(WorldConfig.defaults()));
    private final OdpInvalidateComplete checker = new OdpInvalidateComplete();
    private int index;

    private void on(KEvent event) {
        checker.onEvent(ctx, new EventLog.Entry(index++, index, 0, "t", event));
    }

    private void mapped(long page) {
        on(new NicEvent.OdpMapped("nic", 1, BASE_PFN + page, 5, true));
    }

    private void zapped(long firstPage, long pages) {
        on(new NicEvent.OdpZapped("nic", 1, BASE_PFN + firstPage, pages, 0));
    }

    private void invalidated(long firstPage, long endPage) {
        on(new RdmaEvent.OdpInvalidated("nic", 1, 100, (BASE_PFN + firstPage) * PAGE, (BASE_PFN + endPage) * PAGE,
                MmuNotifier.Event.UNMAP, 0));
    }

    @Test
    void aTranslationLeftInTheRangeViolatesIt() {
        mapped(0);
        mapped(1);
        zapped(0, 1);
        invalidated(0, 2);
        assertThat(ctx.violations()).extracting(Violation::id).containsExactly(InvariantId.ODP_INVALIDATE_COMPLETE);
    }

    @Test
    void everyTranslationOfTheRangeZappedKeepsIt() {
        mapped(0);
        mapped(1);
        zapped(0, 2);
        invalidated(0, 2);
        assertThat(ctx.violations()).isEmpty();
    }

    @Test
    void translationsOutsideTheRangeMayStay() {
        mapped(0);
        mapped(3);
        zapped(0, 2);
        invalidated(0, 2);
        assertThat(ctx.violations()).isEmpty();
    }

    @Test
    void aDestroyedMrHoldsNothing() {
        mapped(1);
        on(new NicEvent.MrDestroyed("nic", 1));
        invalidated(0, 2);
        assertThat(ctx.violations()).isEmpty();
    }

    @Test
    void anotherMrsTranslationsAreNotThisInvalidationsBusiness() {
        on(new NicEvent.OdpMapped("nic", 2, BASE_PFN + 1, 5, true));
        invalidated(0, 2);
        assertThat(ctx.violations()).isEmpty();
    }
}
