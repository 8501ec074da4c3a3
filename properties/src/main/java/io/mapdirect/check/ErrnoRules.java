package io.mapdirect.check;

import static io.mapdirect.kernel.Errno.EAGAIN;

import io.mapdirect.events.Op;

/**
 * ERRNO's rule table: for every kind of operation, what the state it started in allows it to
 * return. The switch has no default, so a new kind of operation does not compile until it has a
 * rule (and a test enumerates the kinds). The rules are an independent oracle: they read the
 * state, never the model's own decisions.
 */
final class ErrnoRules {
    private ErrnoRules() {
    }

    /** What {@code op}, run by the actor of {@code pre} (or device {@code actor}), may return. */
    static Allowed allowed(Op op, String actor, PreState pre) {
        return switch (op) {
            case Op.Open o -> FileErrnoRules.open(o, pre);
            case Op.Close c -> FileErrnoRules.close(c, pre);
            case Op.Read r -> FileErrnoRules.read(r, pre);
            case Op.Write w -> FileErrnoRules.write(w, pre);
            case Op.Fallocate f -> FileErrnoRules.fallocate(f, pre);
            case Op.Truncate t -> FileErrnoRules.truncate(t, pre);
            case Op.Ftruncate t -> FileErrnoRules.ftruncate(t, pre);
            case Op.Fsync f -> FileErrnoRules.fsync(f, pre);
            case Op.Ficlone f -> FileErrnoRules.ficlone(f, pre);
            case Op.SetLease s -> FileErrnoRules.setLease(s, pre);
            case Op.GetLease g -> FileErrnoRules.getLease(g, pre);
            case Op.Mmap m -> MemoryErrnoRules.mmap(m, pre);
            case Op.Munmap m -> MemoryErrnoRules.munmap(m, pre);
            case Op.Mprotect m -> MemoryErrnoRules.mprotect(m, pre);
            case Op.Msync m -> MemoryErrnoRules.msync(m, pre);
            case Op.Load l -> MemoryErrnoRules.load(l, pre);
            case Op.Store s -> MemoryErrnoRules.store(s, pre);
            case Op.Flush f -> MemoryErrnoRules.flush(f, pre);
            case Op.RegMr r -> ProcessErrnoRules.regMr(r, pre);
            case Op.DeregMr d -> ProcessErrnoRules.deregMr(d, pre);
            case Op.DirectIo d -> ProcessErrnoRules.directIo(d, pre);
            case Op.Fork f -> ProcessErrnoRules.fork(f, pre);
            case Op.Exit e -> Allowed.successOr("exit");
            case Op.Sleep s -> Allowed.successOr("sleep");
            case Op.AwaitSigio a -> Allowed.successOr("await SIGIO: it came, or the timeout passed", EAGAIN);
            case Op.SetLeaseBreakTime s -> ProcessErrnoRules.setLeaseBreakTime(s);
            case Op.Kill k -> ProcessErrnoRules.kill(k, pre);
            case Op.Crash c -> Allowed.successOr("crash");
            case Op.KillDevdax k -> ProcessErrnoRules.killDevdax(k, pre);
            case Op.DmaWrite d -> ProcessErrnoRules.dma(actor, pre);
            case Op.DmaRead d -> ProcessErrnoRules.dma(actor, pre);
        };
    }
}
