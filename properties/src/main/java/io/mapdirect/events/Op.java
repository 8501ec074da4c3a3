package io.mapdirect.events;

/**
 * One operation of a case, as plain data: a system call, a user access, a device DMA or an
 * environment action. Operations name their resources ({@code r0}, {@code r3}) like a syzkaller
 * program; an operation whose resource does not exist when it runs gets what the kernel gives for
 * an invalid argument (EBADF, EINVAL, SIGSEGV) and the case goes on, so every shrunk case is valid.
 * Lengths and file offsets are bytes; {@code page} is a page index inside a mapping.
 */
public sealed interface Op {
    /** The resource this operation defines, or null. */
    default String result() {
        return null;
    }

    /** The call's name in the corpus format, e.g. {@code "mmap"}. */
    String name();

    /** Which actors may run it. */
    default ActorKind runsOn() {
        return ActorKind.PROCESS;
    }

    // ------------------------------------------------------------------ files
    record Open(String result, String path, int flags) implements Op {
        public String name() { return "open"; }
    }

    record Close(String fd) implements Op {
        public String name() { return "close"; }
    }

    record Read(String fd, long off) implements Op {
        public String name() { return "read"; }
    }

    record Write(String fd, long off, long len, long value) implements Op {
        public String name() { return "write"; }
    }

    record Fallocate(String fd, int mode, long off, long len) implements Op {
        public String name() { return "fallocate"; }
    }

    record Truncate(String path, long len) implements Op {
        public String name() { return "truncate"; }
    }

    record Ftruncate(String fd, long len) implements Op {
        public String name() { return "ftruncate"; }
    }

    record Fsync(String fd) implements Op {
        public String name() { return "fsync"; }
    }

    record Ficlone(String dst, String src) implements Op {
        public String name() { return "ficlone"; }
    }

    record SetLease(String fd, int type) implements Op {
        public String name() { return "setlease"; }
    }

    record GetLease(String fd) implements Op {
        public String name() { return "getlease"; }
    }

    // ------------------------------------------------------------------ memory
    record Mmap(String result, long len, int prot, int flags, String fd, long off) implements Op {
        public String name() { return "mmap"; }
    }

    record Munmap(String addr, long page, long len) implements Op {
        public String name() { return "munmap"; }
    }

    record Mprotect(String addr, long page, long len, int prot) implements Op {
        public String name() { return "mprotect"; }
    }

    record Msync(String addr, long page, long len, int flags) implements Op {
        public String name() { return "msync"; }
    }

    record Load(String addr, long page) implements Op {
        public String name() { return "load"; }
    }

    record Store(String addr, long page, long value) implements Op {
        public String name() { return "store"; }
    }

    record Flush(String addr, long page, long len) implements Op {
        public String name() { return "flush"; }
    }

    // ------------------------------------------------------------------ RDMA
    record RegMr(String result, String addr, long page, long len, String device) implements Op {
        public String name() { return "reg_mr"; }
    }

    record DeregMr(String mr) implements Op {
        public String name() { return "dereg_mr"; }
    }

    record DirectIo(String addr, long page, long len, long holdNs) implements Op {
        public String name() { return "direct_io"; }
    }

    // ------------------------------------------------------------------ processes and time
    record Fork(String child) implements Op {
        public String name() { return "fork"; }
    }

    record Exit() implements Op {
        public String name() { return "exit"; }
    }

    record Sleep(long ns) implements Op {
        public String name() { return "sleep"; }

        public ActorKind runsOn() { return ActorKind.ANY; }
    }

    /** Waits until a SIGIO this process has not yet awaited arrives, or the timeout passes. */
    record AwaitSigio(long timeoutNs) implements Op {
        public String name() { return "await_sigio"; }
    }

    record SetLeaseBreakTime(long seconds) implements Op {
        public String name() { return "sysctl_lease_break_time"; }

        public ActorKind runsOn() { return ActorKind.ANY; }
    }

    // ------------------------------------------------------------------ environment
    record Kill(String process, String signal) implements Op {
        public String name() { return "kill"; }

        public ActorKind runsOn() { return ActorKind.ENV; }
    }

    record Crash() implements Op {
        public String name() { return "crash"; }

        public ActorKind runsOn() { return ActorKind.ENV; }
    }

    record KillDevdax(String device) implements Op {
        public String name() { return "kill_dev_dax"; }

        public ActorKind runsOn() { return ActorKind.ENV; }
    }

    // ------------------------------------------------------------------ the DMA device
    record DmaWrite(String mr, long page, long value) implements Op {
        public String name() { return "dma_write"; }

        public ActorKind runsOn() { return ActorKind.DEVICE; }
    }

    record DmaRead(String mr, long page) implements Op {
        public String name() { return "dma_read"; }

        public ActorKind runsOn() { return ActorKind.DEVICE; }
    }
}
