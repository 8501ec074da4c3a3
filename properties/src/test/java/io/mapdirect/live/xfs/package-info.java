/**
 * Real XFS as an oracle for the model's block map (non-DAX path): a loop-backed XFS with reflink
 * mounted for the test run ({@link io.mapdirect.live.xfs.XfsLoopMount}), generated sequences of
 * pwrite, fallocate (every mode), truncate, FICLONE, FICLONERANGE and fsync run on it through JNA and
 * through the model, compared call by call on the errno, the sizes, the FIEMAP block states (written,
 * unwritten, shared, hole; physical blocks by which files share them) and the data; and crash
 * recovery after {@code XFS_IOC_GOINGDOWN} compared with the model's crash. Skipped, with the reason,
 * where the machine cannot mount XFS on a loop device.
 */
package io.mapdirect.live.xfs;
