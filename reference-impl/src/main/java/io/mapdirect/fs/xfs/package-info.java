/**
 * The XFS-like block map under the DAX filesystem model (spec §2.3), as plain data structures: a
 * {@link io.mapdirect.fs.xfs.BlockAllocator} over the pmem blocks (free space handed out most
 * recently freed first, per-block reference counts for reflinked blocks) and one
 * {@link io.mapdirect.fs.xfs.ExtentMap} per inode (file block to pmem block, WRITTEN or UNWRITTEN,
 * shared flag), whose operations (write allocation, unwritten conversion, fallocate, punch, zero
 * range, collapse, truncate, reflink, copy-on-write) return the exact per-block changes they made as
 * {@link io.mapdirect.fs.xfs.BlockMapChange} records. Durability is a per-inode snapshot made by
 * {@code commit()} (fsync/msync); {@link io.mapdirect.fs.xfs.BlockMapRecovery} models a crash by
 * restoring every snapshot and rebuilding the allocator from them, and the allocator forces the
 * commit of a freed block's durable holders before it reuses that block, as XFS forces the log for a
 * busy extent, so that no block ends up in two files after a crash. Nothing here locks, sleeps or
 * knows the simulation: the XFS model's locking, lease breaking, {@code iomap_begin} and fault paths
 * sit on top and decide when to call these operations.
 */
package io.mapdirect.fs.xfs;
