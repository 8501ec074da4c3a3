/**
 * The system-call layer, the model's user-facing surface: file calls
 * ({@link io.mapdirect.syscalls.FileCalls}: open, read, write, truncate, fallocate, fsync,
 * reflink), memory calls and user accesses ({@link io.mapdirect.syscalls.MemoryCalls}: mmap with
 * its flag validation, munmap, mprotect, msync, loads, stores and cache-line flushes), leases
 * ({@link io.mapdirect.syscalls.LeaseCalls}), processes ({@link io.mapdirect.syscalls.ProcessCalls})
 * and RDMA verbs ({@link io.mapdirect.syscalls.RdmaCalls}). Each call resolves its arguments,
 * checks what the kernel checks, breaks leases where the VFS does and hands over to the subsystem;
 * it returns a result or an errno, never throws for bad input, and logs its entry and return
 * ({@link io.mapdirect.syscalls.SyscallEvents}) for timelines and the errno and breaker checks.
 * Nothing below this layer imports it.
 */
package io.mapdirect.syscalls;
