package io.mapdirect.check;

import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.Op;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.iommu.IommuEvent;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.mm.MmEvents;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a registration in progress has taken, per task, from the events it caused: lease_directs not
 * yet destroyed, net page pins, net IOVA pages (a range queued for a lazy flush that frees it counts
 * as freed). "Leaves nothing behind" is all three back to zero when the registration fails.
 */
final class LeftBehind {
    private static final class Taken {
        final Set<String> leaseDirects = new LinkedHashSet<>();
        long pins;
        long iovaPages;
    }

    private final Map<String, Taken> byTask = new LinkedHashMap<>();

    void onEvent(EventLog.Entry entry) {
        Taken taken = byTask.get(entry.task());
        switch (entry.event()) {
            case HarnessEvents.OpStarted started when started.op() instanceof Op.RegMr -> byTask.put(entry.task(), new Taken());
            case MapDirectEvents.LeaseDirectTaken t when taken != null -> taken.leaseDirects.add(t.leaseDirect());
            case MapDirectEvents.LeaseDirectDestroyed d when taken != null -> taken.leaseDirects.remove(d.leaseDirect());
            case MmEvents.PagePinned p when taken != null -> taken.pins += p.delta();
            case IommuEvent.IovaAllocated a when taken != null -> taken.iovaPages += a.pages();
            case IommuEvent.IovaFreed f when taken != null -> taken.iovaPages -= f.pages();
            case IommuEvent.FlushQueued q when taken != null && q.freesIova() -> taken.iovaPages -= q.pages();
            default -> { }
        }
    }

    /** What the task's registration left behind, or null if nothing; forgets the task. */
    String leftBy(String task) {
        Taken taken = byTask.remove(task);
        if (taken == null || (taken.leaseDirects.isEmpty() && taken.pins == 0 && taken.iovaPages == 0)) {
            return null;
        }
        return "left behind: " + taken.leaseDirects.size() + " lease_direct(s), " + taken.pins + " pin(s), "
                + taken.iovaPages + " IOVA page(s)";
    }

    /** Forgets the task's registration. */
    void forget(String task) {
        byTask.remove(task);
    }
}
