package io.mapdirect.check;

import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.Op;
import io.mapdirect.kernel.EventLog;
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
    private static final Set<String> COMMON = Set.of("ENOMEM", "EINTR");
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("open", Set.of("ENOENT", "EEXIST", "EACCES", "EINVAL", "EWOULDBLOCK", "EAGAIN")),
            Map.entry("close", Set.of("EBADF")),
            Map.entry("read", Set.of("EBADF", "EINVAL")),
            Map.entry("write", Set.of("EBADF", "EINVAL", "ENOSPC", "EFBIG")),
            Map.entry("fallocate", Set.of("EBADF", "EINVAL", "EOPNOTSUPP", "ENOSPC", "ETXTBSY")),
            Map.entry("truncate", Set.of("ENOENT", "EINVAL", "EACCES", "ENOSPC", "ETXTBSY")),
            Map.entry("ftruncate", Set.of("EBADF", "EINVAL", "ENOSPC", "ETXTBSY")),
            Map.entry("fsync", Set.of("EBADF", "EINVAL", "EIO")),
            Map.entry("ficlone", Set.of("EBADF", "EXDEV", "EINVAL", "EOPNOTSUPP", "ENOSPC", "ETXTBSY")),
            Map.entry("setlease", Set.of("EBADF", "EAGAIN", "EACCES", "EINVAL")),
            Map.entry("getlease", Set.of("EBADF")),
            Map.entry("mmap", Set.of("EINVAL", "EACCES", "EOPNOTSUPP", "EBADF", "ENODEV", "EPERM", "EOVERFLOW",
                    "EEXIST", "ENXIO", "EAGAIN")),
            Map.entry("munmap", Set.of("EINVAL")),
            Map.entry("mprotect", Set.of("EINVAL", "EACCES")),
            Map.entry("msync", Set.of("EINVAL", "EIO", "EBADF")),
            Map.entry("load", Set.of("SIGSEGV", "SIGBUS")),
            Map.entry("store", Set.of("SIGSEGV", "SIGBUS")),
            Map.entry("flush", Set.of("SIGSEGV", "SIGBUS")),
            // EACCES: the lease_direct lease ->lease_direct() takes for the registration is the registering
            // task's, and generic_setlease() refuses it unless that task's fsuid owns the file or it has
            // CAP_LEASE [09] [10] (device-dax memory any user may map; a MAP_DIRECT mapping a forked child holds).
            Map.entry("reg_mr", Set.of("EFAULT", "EOPNOTSUPP", "ENXIO", "EINVAL", "EPERM", "ENODEV", "EACCES")),
            Map.entry("dereg_mr", Set.of("EINVAL")),
            Map.entry("direct_io", Set.of("EFAULT", "EOPNOTSUPP")),
            Map.entry("fork", Set.of("EEXIST")),
            Map.entry("exit", Set.of()),
            Map.entry("await_sigio", Set.of("EAGAIN")),
            Map.entry("sysctl_lease_break_time", Set.of("EINVAL")),
            Map.entry("kill", Set.of("EINVAL")),
            Map.entry("kill_dev_dax", Set.of("ENODEV")),
            Map.entry("sleep", Set.of()));

    @Override
    public InvariantId id() {
        return InvariantId.ERRNO;
    }

    @Override
    public void onEvent(CheckContext ctx, EventLog.Entry entry) {
        if (entry.event() instanceof HarnessEvents.OpDone done && !allowed(done.op(), done.result())) {
            ctx.report(id(), done.actor() + "#" + done.index() + " " + done.op().name() + " returned " + done.result()
                    + ", which its table does not allow", done.actor());
        }
    }

    static boolean allowed(Op op, String result) {
        Set<String> allowed = ALLOWED.get(op.name());
        if (allowed == null || !isError(result) || COMMON.contains(result)) {
            return true;
        }
        return allowed.contains(result);
    }

    private static boolean isError(String result) {
        return result.startsWith("E") || result.startsWith("SIG");
    }
}
