package io.mapdirect.proc;

import io.mapdirect.kernel.KEvent;

/** Process life-cycle and signal events. */
public final class ProcEvents {
    private ProcEvents() {
    }

    /** A signal was queued for a process ({@code fd} for SIGIO, else -1). */
    public record SignalQueued(int pid, String signal, int fd) implements KEvent { }

    /** A process was created (boot or fork). */
    public record ProcessCreated(int pid, int parentPid, String name) implements KEvent { }

    /** A process exited. */
    public record ProcessExited(int pid, String name) implements KEvent { }
}
