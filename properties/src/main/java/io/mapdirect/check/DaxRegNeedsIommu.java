package io.mapdirect.check;

import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.Op;
import io.mapdirect.events.OpResult;
import io.mapdirect.fs.Inode;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.rdma.IbDevice;
import io.mapdirect.rdma.RdmaEvent;

/**
 * DAX_REG_NEEDS_IOMMU: registration of DAX memory for a device without a translating domain fails
 * with EOPNOTSUPP and leaves nothing behind [11] [20]. An MR registered with a page of a DAX file
 * (fs-DAX or device-dax) on a device with no IOMMU or an identity domain violates it; so does a
 * refusal that leaves a lease, a pin or an IOVA behind.
 */
public final class DaxRegNeedsIommu implements Invariant {
    private final LeftBehind leftBehind = new LeftBehind();

    @Override
    public InvariantId id() {
        return InvariantId.DAX_REG_NEEDS_IOMMU;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        leftBehind.onEvent(entry);
        switch (entry.event()) {
            case RdmaEvent.MrRegistered r when !translates(ctx, r.device()) && hasDaxPage(ctx, r) ->
                    ctx.report(id(), "MR " + r.mrKey() + " on " + r.device() + " (no translating IOMMU) covers DAX memory",
                            r.umem());
            case HarnessEvents.OpDone done when done.op() instanceof Op.RegMr
                    && done.result() instanceof OpResult.Err(Errno errno) && errno == Errno.EOPNOTSUPP -> {
                String left = leftBehind.leftBy(entry.task());
                if (left != null) {
                    ctx.report(id(), done.actor() + "#" + done.index() + " reg_mr refused with EOPNOTSUPP but " + left,
                            done.actor());
                }
            }
            default -> { }
        }
    }

    private static boolean translates(CheckContext ctx, String device) {
        IbDevice ib = ctx.world().rdma().device(device);
        if (ib == null) {
            return true;
        }
        IommuMode mode = ctx.world().iommu().mode(ib.dmaDevice());
        return mode == IommuMode.DMA_STRICT || mode == IommuMode.DMA_LAZY;
    }

    private static boolean hasDaxPage(CheckContext ctx, RdmaEvent.MrRegistered r) {
        for (RdmaEvent.MrPage page : r.pages()) {
            Inode inode = page.ino() < 0 ? null : ModelView.inode(ctx.world(), page.ino());
            if (inode != null && inode.isDax()) {
                return true;
            }
        }
        return false;
    }
}
