/**
 * The hardware under the kernel: persistent memory and PCI devices (spec §2.1). {@link
 * io.mapdirect.hw.Pmem} is N blocks of 4 KiB, each with a durable content version and an optional
 * dirty CPU cache line: a CPU store is durable only after a flush (clwb+sfence), a DMA write is
 * durable when it lands and, DMA being cache-coherent, drops the CPU's stale line; a crash drops
 * every undurable line. A {@link io.mapdirect.hw.PciDevice} is plain data (name, DMA mask,
 * segment-boundary mask). {@link io.mapdirect.hw.ScatterList} ({@code struct scatterlist}) lives
 * here too, because both the IOMMU layer ({@code iommu_sg_num_pages} [21]) and the DMA-mapping
 * layer above it read and write it and dependencies only go downward. Nothing in this package
 * yields or sleeps: memory and bus transactions are atomic at block granularity.
 */
package io.mapdirect.hw;
