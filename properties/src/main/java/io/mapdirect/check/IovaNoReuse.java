package io.mapdirect.check;

import io.mapdirect.iommu.IommuEvent;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.rdma.IbDevice;
import io.mapdirect.rdma.RdmaEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IOVA_NO_REUSE: an IOVA range revoked at a lease break is not handed out again until its MR is
 * released [15]-[19] [33]. Between an MR's revocation and its deregistration, an IOVA allocation
 * in its device's domain overlapping its range violates it.
 */
public final class IovaNoReuse implements Invariant {
    private record Revoked(int domain, long startPfn, long pages, String mr) { }

    private final MrTable mrs = new MrTable();
    private final Map<String, Revoked> revoked = new LinkedHashMap<>();

    @Override
    public InvariantId id() {
        return InvariantId.IOVA_NO_REUSE;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        mrs.onEvent(entry);
        switch (entry.event()) {
            case RdmaEvent.MrRevoked r -> remember(ctx, r);
            case RdmaEvent.MrDeregistered d -> revoked.remove(d.umem());
            case IommuEvent.IovaAllocated a -> {
                for (Revoked r : revoked.values()) {
                    if (r.domain() == a.domain() && a.startPfn() < r.startPfn() + r.pages()
                            && r.startPfn() < a.startPfn() + a.pages()) {
                        ctx.report(id(), "IOVA pfn " + a.startPfn() + "+" + a.pages() + " handed out again while revoked "
                                + r.mr() + " still holds " + r.startPfn() + "+" + r.pages(), r.mr());
                        return;
                    }
                }
            }
            default -> { }
        }
    }

    private void remember(CheckContext ctx, RdmaEvent.MrRevoked r) {
        MrTable.Mr mr = mrs.byUmem(r.umem());
        IbDevice device = ctx.world().rdma().device(r.device());
        if (mr == null || mr.iovaStartPfn < 0 || device == null) {
            return;
        }
        var domain = ctx.world().iommu().iommuGetDomainForDev(device.dmaDevice());
        if (domain != null) {
            revoked.put(r.umem(), new Revoked(domain.id(), mr.iovaStartPfn, mr.iovaPages, mr.label()));
        }
    }
}
