package io.mapdirect.kernel;

/**
 * Where a signal goes: the process behind a {@code struct pid}/{@code fown_struct}. Lower layers
 * (file leases' fasync, the fault path) signal through this without knowing about processes.
 */
public interface SignalTarget {
    /** Queues {@code signal} for the target; {@code fd} is the file descriptor it is raised for (SIGIO), or -1. */
    void sendSignal(Signal signal, int fd);

    /** The target's pid, for reports. */
    int pid();
}
