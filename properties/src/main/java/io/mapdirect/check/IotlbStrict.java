package io.mapdirect.check;

import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.iommu.IommuDomain;
import io.mapdirect.iommu.TranslationEntry;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.rdma.IbDevice;

/**
 * IOTLB_STRICT: after revocation returns, no IOTLB entry for the revoked IOVAs remains [28] [31].
 * When an MR's break callback returns, its domain's IOTLB must hold no live entry in the MR's IOVA
 * range (an entry there, stale or remapped, still lets the device through).
 */
public final class IotlbStrict implements Invariant {
    private final MrTable mrs = new MrTable();

    @Override
    public InvariantId id() {
        return InvariantId.IOTLB_STRICT;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        mrs.onEvent(entry);
        if (!(entry.event() instanceof MapDirectEvents.BreakCallbackReturned returned)) {
            return;
        }
        MrTable.Mr mr = mrs.byUmem(returned.owner());
        IbDevice device = mr == null ? null : ctx.world().rdma().device(mr.device);
        if (mr == null || mr.iovaStartPfn < 0 || device == null) {
            return;
        }
        IommuDomain domain = ctx.world().iommu().iommuGetDomainForDev(device.dmaDevice());
        if (domain == null) {
            return;
        }
        for (TranslationEntry e : domain.iotlbEntries()) {
            if (e.isLive() && e.iovaPfn() >= mr.iovaStartPfn && e.iovaPfn() < mr.iovaStartPfn + mr.iovaPages) {
                ctx.report(id(), "after revoking " + mr.label() + " the IOTLB still translates IOVA pfn " + e.iovaPfn()
                        + " to block " + e.block(), mr.label());
                return;
            }
        }
    }
}
