package io.mapdirect.check;

import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.Op;
import io.mapdirect.events.OpResult;
import io.mapdirect.fs.Inode;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.fs.xfs.XfsInode;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.mm.Mm;
import io.mapdirect.mm.MmEvents;
import io.mapdirect.mm.Vma;
import java.util.EnumSet;
import java.util.Set;

/**
 * BREAKER_NOT_FAILED: a lease breaker (write, fallocate, truncate, reflink, an allocating fault
 * through an ordinary mapping) is delayed, never failed, by a MAP_DIRECT lease — "a hands-off flag
 * is a no-go" [29] [43] [44]. A breaking call that returns ETXTBSY or EAGAIN (the errnos of a
 * refusal), or a write fault through an ordinary shared mapping of a DAX file that gets SIGBUS
 * although the page is inside the file and free blocks remain, violates it. A SIGBUS the fault
 * handler gives for a page beyond EOF or for ENOSPC is what any mapping gets, not a refusal: the
 * size or free space may have changed again by the time the fault returns, so the handler's own
 * reason decides (a false positive the fuzz campaign found; regression case
 * {@code regressions/breaker-sigbus-beyond-eof.case}).
 */
public final class BreakerNotFailed implements Invariant {
    private static final Set<Errno> REFUSALS = EnumSet.of(Errno.ETXTBSY, Errno.EAGAIN);
    /** Fault-handler reasons that are not refusals (XfsFaults). */
    private static final Set<String> NOT_REFUSALS = Set.of("fault beyond EOF", "ENOSPC in iomap_begin");
    static final String ORDINARY_OPS = "xfs_file_vm_ops";

    @Override
    public InvariantId id() {
        return InvariantId.BREAKER_NOT_FAILED;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        switch (entry.event()) {
            case HarnessEvents.OpDone done when isBreaker(done.op()) && done.result() instanceof OpResult.Err(Errno errno)
                    && REFUSALS.contains(errno) ->
                    ctx.report(id(), done.actor() + "#" + done.index() + " " + done.op().name() + " failed with "
                            + errno, done.actor());
            case MmEvents.FaultHandled fault when fault.write() && fault.result() == MmEvents.FaultKind.SIGBUS
                    && fault.ops().equals(ORDINARY_OPS) && !NOT_REFUSALS.contains(fault.reason()) -> checkFault(ctx, fault);
            default -> { }
        }
    }

    private void checkFault(CheckContext ctx, MmEvents.FaultHandled fault) {
        Vma vma = ModelView.vma(ctx.world(), fault.pid(), fault.vma());
        Inode inode = ModelView.inodeOf(vma);
        if (!(inode instanceof XfsInode xfs) || !xfs.isDax() || vma == null) {
            return;
        }
        long fileOffset = vma.fileOffsetOf(fault.address());
        boolean inside = fileOffset < Mm.pageAlign(xfs.sizeBytes());
        boolean space = ctx.world().xfs().allocator().freeCount() > 0;
        if (inside && space && !allocationInjected(ctx)) {
            ctx.report(id(), "an allocating write fault through an ordinary mapping got SIGBUS (" + fault.reason() + ")",
                    fault.vma(), "ino " + xfs.ino());
        }
    }

    private static boolean allocationInjected(CheckContext ctx) {
        var injected = ctx.world().kernel().faultPlan().injected();
        return !injected.isEmpty() && injected.get(injected.size() - 1).scope().equals(ctx.world().kernel().faultScope());
    }

    static boolean isBreaker(Op op) {
        return switch (op) {
            case Op.Write w -> true;
            case Op.Fallocate f -> true;
            case Op.Truncate t -> true;
            case Op.Ftruncate t -> true;
            case Op.Ficlone f -> true;
            case Op.Open o -> (o.flags() & OpenFlags.O_ACCMODE) != OpenFlags.O_RDONLY && (o.flags() & OpenFlags.O_NONBLOCK) == 0;
            default -> false;
        };
    }
}
