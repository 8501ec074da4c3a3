/**
 * MAP_DIRECT and lease_direct, the heart of the modelled patch thread: {@code fs/mapdirect.c}'s
 * core ({@link io.mapdirect.fs.mapdirect.MapDirect}: a mapping's
 * {@link io.mapdirect.fs.mapdirect.MapDirectState} registered with an {@code FL_LAYOUT} lease,
 * the VMA reference count, the lease callbacks and the delayed invalidation that runs when the
 * holder does not unmap within lease-break-time) and lease_direct leases
 * ({@link io.mapdirect.fs.mapdirect.LeaseDirects}, {@link io.mapdirect.fs.mapdirect.LeaseDirect}:
 * a layout lease whose break runs its owner's callback, RDMA revoking the device's access, and
 * then unlocks). The design variants differ here through the kernel's policy (when revocation
 * runs, whether registration checks the lease first). Life-cycle events
 * ({@link io.mapdirect.fs.mapdirect.MapDirectEvents}) feed the timelines and the checkers. The
 * package sits on the file-system core and the lease code ({@code io.mapdirect.fs},
 * {@code io.mapdirect.fs.locks}) and is used by XFS, device-dax and RDMA.
 */
package io.mapdirect.fs.mapdirect;
