package io.mapdirect.kernel;

/**
 * What kernel code may ask of {@code current}: credentials, pid, where its signals go and the
 * fault-plan scope of the call it is running. Attached to the simulation task by the process layer;
 * kernel workers and the DMA device have their own.
 */
public interface Current {
    Creds creds();

    int pid();

    /** A short name for reports ({@code "P0"}, {@code "kworker"}). */
    String name();

    /** Where signals for this task go, or null for kernel threads. */
    SignalTarget signalTarget();

    /** The fault-plan scope of the call in progress (for example {@code "op 3"}). */
    String faultScope();
}
