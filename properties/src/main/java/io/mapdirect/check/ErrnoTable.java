package io.mapdirect.check;

import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.Op;
import io.mapdirect.events.OpResult;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.Signal;
import java.util.Map;
import java.util.Set;

/**
 * ERRNO: every call returns a result its table allows for the state it ran in [01] [06]. The table
 * lists, per call, the errnos (and signals) the kernel may return for some state; a result outside
 * it is a model or design error. Results that depend on the exact state (EACCES for MAP_DIRECT by a
 * non-owner, ENXIO for a breaking mapping) are REG_ON_BROKEN_REFUSED's and LEGACY_DOWNGRADE's, and
 * the mmap rules are checked against the live kernel (spec §8).
 */
public final class ErrnoTable implements Invariant {
    private static final Set<Errno> COMMON = Set.of(Errno.ENOMEM, Errno.EINTR);
    private static final Map<String, Set<? extends Enum<?>>> ALLOWED = Map.ofEntries(
            Map.entry("open", Set.of(Errno.ENOENT, Errno.EEXIST, Errno.EACCES, Errno.EINVAL, Errno.EAGAIN)),
            Map.entry("close", Set.of(Errno.EBADF)),
            Map.entry("read", Set.of(Errno.EBADF, Errno.EINVAL)),
            Map.entry("write", Set.of(Errno.EBADF, Errno.EINVAL, Errno.ENOSPC, Errno.EFBIG)),
            Map.entry("fallocate", Set.of(Errno.EBADF, Errno.EINVAL, Errno.EOPNOTSUPP, Errno.ENOSPC, Errno.ETXTBSY)),
            Map.entry("truncate", Set.of(Errno.ENOENT, Errno.EINVAL, Errno.EACCES, Errno.ENOSPC, Errno.ETXTBSY)),
            Map.entry("ftruncate", Set.of(Errno.EBADF, Errno.EINVAL, Errno.ENOSPC, Errno.ETXTBSY)),
            Map.entry("fsync", Set.of(Errno.EBADF, Errno.EINVAL, Errno.EIO)),
            Map.entry("ficlone", Set.of(Errno.EBADF, Errno.EXDEV, Errno.EINVAL, Errno.EOPNOTSUPP, Errno.ENOSPC, Errno.ETXTBSY)),
            Map.entry("setlease", Set.of(Errno.EBADF, Errno.EAGAIN, Errno.EACCES, Errno.EINVAL)),
            Map.entry("getlease", Set.of(Errno.EBADF)),
            Map.entry("mmap", Set.of(Errno.EINVAL, Errno.EACCES, Errno.EOPNOTSUPP, Errno.EBADF, Errno.ENODEV, Errno.EPERM, Errno.EOVERFLOW, Errno.EEXIST, Errno.ENXIO, Errno.EAGAIN)),
            Map.entry("munmap", Set.of(Errno.EINVAL)),
            Map.entry("mprotect", Set.of(Errno.EINVAL, Errno.EACCES)),
            Map.entry("msync", Set.of(Errno.EINVAL, Errno.EIO, Errno.EBADF)),
            Map.entry("load", Set.of(Signal.SIGSEGV, Signal.SIGBUS)),
            Map.entry("store", Set.of(Signal.SIGSEGV, Signal.SIGBUS)),
            Map.entry("flush", Set.of(Signal.SIGSEGV, Signal.SIGBUS)),
            Map.entry("reg_mr", Set.of(Errno.EFAULT, Errno.EOPNOTSUPP, Errno.ENXIO, Errno.EINVAL, Errno.EPERM, Errno.ENODEV)),
            Map.entry("dereg_mr", Set.of(Errno.EINVAL)),
            Map.entry("direct_io", Set.of(Errno.EFAULT, Errno.EOPNOTSUPP)),
            Map.entry("fork", Set.of(Errno.EEXIST)),
            Map.entry("exit", Set.of()),
            Map.entry("await_sigio", Set.of(Errno.EAGAIN)),
            Map.entry("sysctl_lease_break_time", Set.of(Errno.EINVAL)),
            Map.entry("kill", Set.of(Errno.EINVAL)),
            Map.entry("kill_dev_dax", Set.of(Errno.ENODEV)),
            Map.entry("sleep", Set.of()));

    @Override
    public InvariantId id() {
        return InvariantId.ERRNO;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        if (entry.event() instanceof HarnessEvents.OpDone done && !allowed(done.op(), done.result())) {
            ctx.report(id(), done.actor() + "#" + done.index() + " " + done.op().name() + " returned " + done.result().brief()
                    + ", which its table does not allow", done.actor());
        }
    }

    static boolean allowed(Op op, OpResult result) {
        Set<? extends Enum<?>> allowed = ALLOWED.get(op.name());
        return switch (result) {
            case OpResult.Err(Errno errno) -> allowed == null || COMMON.contains(errno) || allowed.contains(errno);
            case OpResult.Sig(Signal signal) -> allowed == null || allowed.contains(signal);
            default -> true;
        };
    }
}
