package io.mapdirect.syscalls;

import io.mapdirect.kernel.KEvent;

/** Every system call's entry and return, for timelines and for the ERRNO and BREAKER checks. */
public final class SyscallEvents {
    private SyscallEvents() {
    }

    /** A process entered a call; {@code args} is the call as text. */
    public record Entered(int pid, String call, String args) implements KEvent { }

    /** The call returned {@code result} ({@code "0"}, {@code "EACCES"}, {@code "SIGBUS"}...). */
    public record Returned(int pid, String call, String args, String result) implements KEvent { }
}
