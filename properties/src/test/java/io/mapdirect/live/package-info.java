/**
 * The live kernel as the oracle for the model's {@code linux-6.x} mmap flag profile (SPEC 8). JNA calls
 * the real mmap(2), munmap(2), open(2), close(2) and ftruncate(2) on a fixture file on the root filesystem
 * and on tmpfs; the same calls go through {@link io.mapdirect.mm.MmapValidator} with the filesystem's
 * description and this process's limits read from /proc. Every disagreement must be a row of
 * {@code kernel-differences.md}, and every row must still disagree. The tests are tagged
 * {@code live-kernel} and skip, saying why, where the kernel, libc or a filesystem is not available.
 */
package io.mapdirect.live;
