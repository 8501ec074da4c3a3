package io.mapdirect.check;

import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.rdma.RdmaEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live MRs of a run as the events tell them: registered pages (or, for ODP, the pages resolved
 * so far), the IOVA range, and whether the break callback has returned (the revocation completed).
 * Each checker that needs it keeps its own table.
 */
final class MrTable {
    /** What a registered MR page was registered at; {@code ino < 0} for anonymous or private memory. */
    record Page(long pfn, long ino, long fileBlock) { }

    /** One live MR. */
    static final class Mr {
        final String device;
        final int key;
        final int pid;
        final String umem;
        final boolean odp;
        final long address;
        final long iovaStartPfn;
        final long iovaPages;
        final Map<Long, Page> pagesByBusPage = new LinkedHashMap<>();
        boolean revoked;

        Mr(RdmaEvent.MrRegistered r) {
            this.device = r.device();
            this.key = r.mrKey();
            this.pid = r.pid();
            this.umem = r.umem();
            this.odp = r.odp();
            this.address = r.address();
            this.iovaStartPfn = r.iovaStartPfn();
            this.iovaPages = r.iovaPages();
            for (RdmaEvent.MrPage page : r.pages()) {
                pagesByBusPage.put(page.busAddress() >>> 12, new Page(page.pfn(), page.ino(), page.fileBlock()));
            }
        }

        String label() {
            return "mr " + key + " on " + device + " (" + umem + ")";
        }
    }

    private final Map<String, Mr> byKey = new LinkedHashMap<>();
    private final Map<String, Mr> byUmem = new LinkedHashMap<>();

    void onEvent(EventLog.Entry entry) {
        switch (entry.event()) {
            case RdmaEvent.MrRegistered r -> {
                Mr mr = new Mr(r);
                byKey.put(key(r.device(), r.mrKey()), mr);
                byUmem.put(r.umem(), mr);
            }
            case RdmaEvent.MrDeregistered d -> {
                Mr mr = byKey.remove(key(d.device(), d.mrKey()));
                if (mr != null) {
                    byUmem.remove(mr.umem);
                }
            }
            case RdmaEvent.OdpFaultResolved f -> {
                Mr mr = byKey.get(key(f.device(), f.mrKey()));
                if (mr != null) {
                    mr.pagesByBusPage.put(f.address() >>> 12, new Page(f.pfn(), f.ino(), f.fileBlock()));
                }
            }
            case MapDirectEvents.BreakCallbackReturned returned -> {
                Mr mr = byUmem.get(returned.owner());
                if (mr != null) {
                    mr.revoked = true;
                }
            }
            default -> { }
        }
    }

    Mr get(String device, int key) {
        return byKey.get(key(device, key));
    }

    Mr byUmem(String umem) {
        return byUmem.get(umem);
    }

    Iterable<Mr> all() {
        return byKey.values();
    }

    private static String key(String device, int key) {
        return device + "#" + key;
    }
}
