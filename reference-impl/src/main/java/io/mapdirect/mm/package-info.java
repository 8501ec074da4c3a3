/**
 * Memory management ({@code mm/}): address spaces of VMAs with their mmap lock, page tables, VMA
 * surgery (mmap region, split, munmap, mprotect, fork, exit), the fault path for user loads, stores
 * and cache-line flushes, and the {@code vm_operations_struct} hooks, including the seed's
 * {@code ->lease_direct()} [08]. Files appear only through {@link io.mapdirect.mm.VmFile}, and
 * physical memory through {@link io.mapdirect.mm.PhysicalMemory}, so {@code mm} depends on nothing
 * above the kernel base.
 */
package io.mapdirect.mm;
