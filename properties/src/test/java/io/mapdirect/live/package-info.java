/**
 * The live kernel as the oracle for the model (spec §8). Two halves, both tagged {@code live-kernel}:
 * <ul>
 * <li>mmap flags: JNA calls the real mmap(2), munmap(2), open(2), close(2) and ftruncate(2) on a fixture
 * file on the root filesystem and on tmpfs; the same calls go through {@link io.mapdirect.mm.MmapValidator}
 * with the filesystem's description and this process's limits read from /proc
 * ({@link io.mapdirect.live.MmapLiveKernelProperties});</li>
 * <li>leases: generated sequences of F_SETLEASE, F_GETLEASE, opens, close, ftruncate and truncate across
 * three open file descriptions of one file, on the kernel ({@link io.mapdirect.live.LiveLeaseRun}: sleeping
 * calls on their own threads, seen in {@code __break_lease} through wchan; break signals caught by one
 * thread) and through the model's {@code linux-6.x} world ({@link io.mapdirect.live.ModelLeaseRun}),
 * compared call by call ({@link io.mapdirect.live.LeaseLiveKernelProperties}).</li>
 * </ul>
 * Every disagreement must be a row of {@code kernel-differences.md}, and every row must still disagree. The
 * tests skip, saying why, where the kernel, libc, leases or a filesystem are not available.
 */
package io.mapdirect.live;
