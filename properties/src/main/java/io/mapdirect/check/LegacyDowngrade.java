package io.mapdirect.check;

import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.Op;
import io.mapdirect.events.OpResult;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.mm.MmapFlags;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * LEGACY_DOWNGRADE: MAP_SHARED_VALIDATE with only legacy flags is indistinguishable from MAP_SHARED
 * [01]. Such an mmap must not register MAP_DIRECT state or take a lease, and must not fail with the
 * validation errno (EOPNOTSUPP) that only non-legacy flags can earn.
 */
public final class LegacyDowngrade implements Invariant {
    private final Set<String> registeredDuring = new LinkedHashSet<>();

    @Override
    public InvariantId id() {
        return InvariantId.LEGACY_DOWNGRADE;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case HarnessEvents.OpStarted started when isLegacyValidate(started.op()) -> registeredDuring.remove(entry.task());
            case MapDirectEvents.Registered registered -> registeredDuring.add(entry.task());
            case HarnessEvents.OpDone done when isLegacyValidate(done.op()) -> {
                if (registeredDuring.remove(entry.task())) {
                    ctx.report(id(), done.actor() + "#" + done.index()
                            + " MAP_SHARED_VALIDATE with legacy flags only set up MAP_DIRECT state", done.actor());
                } else if (done.result() instanceof OpResult.Err(Errno errno) && errno == Errno.EOPNOTSUPP) {
                    ctx.report(id(), done.actor() + "#" + done.index()
                            + " MAP_SHARED_VALIDATE with legacy flags only failed with EOPNOTSUPP", done.actor());
                }
            }
            default -> { }
        }
    }

    private static boolean isLegacyValidate(Op op) {
        if (!(op instanceof Op.Mmap mmap)) {
            return false;
        }
        int flags = mmap.flags();
        return MmapFlags.mapType(flags) == MmapFlags.MAP_SHARED_VALIDATE
                && (flags & ~MmapFlags.SEED_LEGACY_MAP_MASK) == 0;
    }
}
