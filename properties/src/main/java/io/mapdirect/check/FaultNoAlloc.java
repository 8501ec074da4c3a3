package io.mapdirect.check;

import io.mapdirect.fs.Inode;
import io.mapdirect.fs.xfs.XfsEvents;
import io.mapdirect.fs.xfs.XfsInode;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.mm.MmEvents;
import io.mapdirect.mm.Vma;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FAULT_NO_ALLOC: a fault through a MAP_DIRECT VMA never allocates or converts blocks; it gets SIGBUS
 * instead; likewise for reflinked or non-DAX inodes [06]. A block-map change made by a task between
 * the start of its fault and the handler's return, when the handler is the MAP_DIRECT one, violates
 * it; so does a MAP_DIRECT fault that maps a page of a reflinked or non-DAX inode.
 */
public final class FaultNoAlloc implements Invariant {
    static final String DIRECT_OPS = "xfs_file_vm_direct_ops";

    private final Map<String, String> changeSinceMark = new LinkedHashMap<>();

    @Override
    public InvariantId id() {
        return InvariantId.FAULT_NO_ALLOC;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case XfsEvents.BlockMapChanged changed ->
                    changeSinceMark.putIfAbsent(entry.task(), "ino " + changed.ino() + " " + changed.change().describe());
            case io.mapdirect.events.HarnessEvents.OpStarted started -> changeSinceMark.remove(entry.task());
            case MmEvents.FaultHandled fault -> {
                String change = changeSinceMark.remove(entry.task());
                if (fault.ops().equals(DIRECT_OPS)) {
                    checkDirectFault(ctx, fault, change);
                }
            }
            default -> { }
        }
    }

    private void checkDirectFault(CheckContext ctx, MmEvents.FaultHandled fault, String change) {
        if (change != null) {
            ctx.report(id(), "a MAP_DIRECT fault changed the block map: " + change, fault.vma());
            return;
        }
        if (fault.result() != MmEvents.FaultKind.MAPPED) {
            return;
        }
        Vma vma = ModelView.vma(ctx.world(), fault.pid(), fault.vma());
        if (vma == null || vma.mm().pageTable().lookup(io.mapdirect.mm.Mm.pageOf(fault.address())) == null) {
            // The fault's PTE is already gone: the event is emitted after the handler dropped its
            // locks, so a break and its zap (and the reflink that caused them) may have run in
            // between; what the fault mapped did not survive the change (seed 424242 case 130596).
            return;
        }
        Inode inode = ModelView.inodeOf(vma);
        if (inode instanceof XfsInode xfs && (xfs.map().hasSharedBlocks() || !xfs.isDax())) {
            ctx.report(id(), "a MAP_DIRECT fault mapped a page of a " + (xfs.isDax() ? "reflinked" : "non-DAX") + " inode",
                    fault.vma(), "ino " + inode.ino());
        }
    }
}
