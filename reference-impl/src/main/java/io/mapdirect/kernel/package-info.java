/**
 * What every kernel subsystem of the model shares: errnos and the sealed {@link io.mapdirect.kernel.SysResult}
 * (value | errno | signal) that calls return, {@link io.mapdirect.kernel.KResult} for pointer-or-error
 * returns, the {@link io.mapdirect.kernel.Kernel} context (simulation, configuration, slab allocator with
 * allocation-failure injection, tracked object lifetimes, probes, the kernel log and the event log the
 * checkers read), credentials, {@code current}, oopses, the known bugs of the seed and the design
 * policies. It depends only on the simulation core; every subsystem package depends on it.
 */
package io.mapdirect.kernel;
