package io.mapdirect.syscalls;

import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.proc.ProcessTable;

/** {@code fork()}, {@code exit()} and {@code kill()}. */
public final class ProcessCalls {
    private final ProcessTable processes;

    public ProcessCalls(ProcessTable processes) {
        this.processes = processes;
    }

    /**
     * Mirrors {@code fork()}: returns the child (named {@code childName}); the caller starts a task for it.
     *
     * @kernel kernel/fork.c _do_fork()
     */
    public Process fork(Process parent, String childName) {
        return processes.fork(parent, childName);
    }

    /** Mirrors {@code exit()}: closes every VMA, then every fd. */
    public SysResult exit(Process process) {
        process.exit();
        return SysResult.ok();
    }

    /** Mirrors {@code kill(pid, sig)} for the signals the model delivers; ESRCH is not modelled (EINVAL for an exited target). */
    public SysResult kill(Process target, Signal signal) {
        if (target.exited()) {
            return SysResult.err(Errno.EINVAL);
        }
        target.sendSignal(signal, -1);
        return SysResult.ok();
    }
}
