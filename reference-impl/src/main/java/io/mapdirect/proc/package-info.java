/**
 * Processes ({@code kernel/fork.c}, {@code kernel/exit.c}, {@code kernel/signal.c}): credentials,
 * fd tables, address spaces, fork and exit, and signal delivery. A process is the
 * {@link io.mapdirect.kernel.Current} of the simulation task that runs its calls and the
 * {@link io.mapdirect.kernel.SignalTarget} of SIGIO raised for its files.
 */
package io.mapdirect.proc;
