/**
 * File leases ({@code fs/locks.c}): fcntl read and write leases and the layout leases of MAP_DIRECT
 * and RDMA registration, and (2019 layout-lease RFC only) fcntl layout leases taken with
 * {@code F_SETLEASE F_RDLCK | F_LAYOUT}, with the break protocol of spec §2.4. A breaker marks conflicting leases
 * pending, calls each owner's {@code lm_break} and sleeps (interruptibly, in virtual time) until the
 * leases go or time out; a non-blocking breaker gets EWOULDBLOCK at once while the break goes on.
 * The lease list is guarded by {@code flc_lock}, a simulation lock, so the scheduler explores the
 * interleavings of setting, breaking and unlocking. The few places where the model departs from
 * Linux 4.14 say so and why in the javadoc of the function concerned.
 */
package io.mapdirect.fs.locks;
