/**
 * Memory management ({@code mm/}): address spaces of VMAs with their mmap lock, page tables, VMA
 * surgery (mmap region, split, munmap, mprotect, fork, exit), the fault path for user loads, stores
 * and cache-line flushes, page pins, and the {@code vm_operations_struct} hooks, including the seed's
 * {@code ->lease_direct()} [08]. Files appear only through {@link io.mapdirect.mm.VmFile}, and
 * physical memory through {@link io.mapdirect.mm.PhysicalMemory}, so {@code mm} depends on nothing
 * above the kernel base.
 * {@link io.mapdirect.mm.Gup} is {@code get_user_pages()}: it pins pages (long-term for RDMA, with the
 * merged kernel's refusal of fs-DAX, or short-term for O_DIRECT) through the same fault path as user
 * accesses; {@link io.mapdirect.mm.MmuNotifier}s hear of every PTE invalidation before it happens,
 * which is how ODP RDMA MRs keep the device's translations coherent [34] [38].
 *
 * <p>The mmap flag words and the checks mmap(2) makes before it maps anything come in two profiles,
 * the seed's 2017 rules ([01] MAP_SHARED_VALIDATE with {@code ->mmap_validate()}, [02] the fd passed
 * along, [06] xfs accepting MAP_DIRECT) and merged Linux 6.x ({@code mmap_supported_flags} /
 * FOP_MMAP_SYNC, MAP_SYNC, MAP_FIXED_NOREPLACE, MAP_DROPPABLE). {@link io.mapdirect.mm.MmapValidator}
 * walks one request through the kernel's functions in the kernel's order ({@code MmapCall}, with every
 * difference between the profiles kept in {@code ProfileRules}) and returns the first errno or what to
 * map; the request, the file side ({@link io.mapdirect.mm.MmapFile}, {@link io.mapdirect.mm.FileOps})
 * and the process ({@link io.mapdirect.mm.MmapEnv}) are plain records, so the same call can be replayed
 * against the live kernel, which is the oracle for the 6.x profile.
 */
package io.mapdirect.mm;
