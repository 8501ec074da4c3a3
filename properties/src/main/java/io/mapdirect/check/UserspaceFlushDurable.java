package io.mapdirect.check;

import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.Op;
import io.mapdirect.events.OpResult;
import io.mapdirect.fs.Inode;
import io.mapdirect.fs.mapdirect.MapDirectState;
import io.mapdirect.fs.xfs.BlockMapping;
import io.mapdirect.fs.xfs.XfsEvents;
import io.mapdirect.fs.xfs.XfsInode;
import io.mapdirect.hw.PmemEvent;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.Pte;
import io.mapdirect.mm.Vma;
import io.mapdirect.nic.NicEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * USERSPACE_FLUSH_DURABLE: data stored through a valid MAP_DIRECT mapping and flushed from userspace
 * survives a crash without fsync [00]. A successful flush through a valid mapping records, per file
 * block, the content it made durable; a later durable change to that block (another flush, a DMA, a
 * write) or a block-map change drops the record; after the crash and recovery each remaining record
 * must read back.
 */
public final class UserspaceFlushDurable implements Invariant {
    private record Key(long ino, long fileBlock) { }

    private record Expected(long pfn, long version) { }

    private final Map<Key, Expected> expected = new LinkedHashMap<>();

    @Override
    public InvariantId id() {
        return InvariantId.USERSPACE_FLUSH_DURABLE;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case HarnessEvents.OpDone done when done.op() instanceof Op.Flush flush && done.result() instanceof OpResult.Value ->
                    record(ctx, done, flush.len());
            case PmemEvent.CacheLineFlushed flushed -> dropPfn(flushed.block());
            case NicEvent.DmaLanded landed when landed.write() -> dropPfn(landed.pmemBlock());
            case XfsEvents.BlockMapChanged changed -> expected.remove(new Key(changed.ino(), changed.change().fileBlock()));
            default -> { }
        }
    }

    private void dropPfn(long pfn) {
        expected.values().removeIf(e -> e.pfn() == pfn);
    }

    private void record(CheckContext ctx, HarnessEvents.OpDone done, long lengthBytes) {
        int pid = SigbusAfterInvalidate.pidOf(ctx, done.actor());
        long end = done.address() + Math.max(lengthBytes, 1);
        for (long page = done.address() & ~(Mm.PAGE_SIZE - 1); page < end; page += Mm.PAGE_SIZE) {
            Vma vma = ModelView.vmaAt(ctx.world(), pid, page);
            MapDirectState mds = ModelView.direct(vma);
            Inode inode = ModelView.inodeOf(vma);
            Pte pte = vma == null ? null : vma.mm().pageTable().lookup(Mm.pageOf(page));
            if (mds == null || !mds.peekValid() || !(inode instanceof XfsInode) || pte == null || pte.isZeroPage()) {
                continue;
            }
            long fileBlock = vma.fileOffsetOf(page) / Mm.PAGE_SIZE;
            expected.put(new Key(inode.ino(), fileBlock),
                    new Expected(pte.pfn(), ctx.world().memory().pmem().durableVersion((int) pte.pfn())));
        }
    }

    @Override
    public void afterCrash(CheckContext ctx) {
        for (Map.Entry<Key, Expected> e : expected.entrySet()) {
            XfsInode inode = (XfsInode) ModelView.inode(ctx.world(), e.getKey().ino());
            BlockMapping mapping = inode.map().lookup(e.getKey().fileBlock());
            long found = mapping == null || !mapping.isWritten() ? 0
                    : ctx.world().memory().pmem().durableVersion(mapping.pmemBlock());
            if (found != e.getValue().version()) {
                ctx.report(id(), "ino " + inode.ino() + " block " + e.getKey().fileBlock() + " was flushed as "
                        + e.getValue().version() + " but reads " + found + " after the crash", "ino " + inode.ino());
                return;
            }
        }
    }
}
