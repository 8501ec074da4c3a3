/**
 * RDMA memory registration ({@code drivers/infiniband/core}) as the seed's designs change it
 * [11] [22] [32]-[48]. {@link io.mapdirect.rdma.Uverbs} is the verbs core: per-process user contexts
 * ({@link io.mapdirect.rdma.IbUcontext}), {@code ibv_reg_mr} / {@code ibv_dereg_mr} over an
 * {@link io.mapdirect.rdma.IbDevice} (a NIC, its PCI device and the DMA API). A pinned MR's
 * {@link io.mapdirect.rdma.IbUmem} comes from {@code ib_umem_get} ({@code UmemGet}): pages pinned
 * long-term through {@link io.mapdirect.mm.Gup}, per distinct DAX VMA a lease_direct lease owned by
 * the umem (after checking {@code ->lease_direct} and, v7 {@code dma_has_iommu} / v8
 * {@code dma_get_iommu_domain}, a translating IOMMU), then {@code dma_map_sg}; every failure unwinds.
 * The lease break callback ({@code UmemLeaseBreak}) revokes as the design says: v7
 * {@code dma_unmap_sg} (frees the IOVA), v8 {@code iommu_unmap} (keeps it), REMAP a retarget to a
 * scratch page; release ({@code UmemRelease}) undoes everything in the design's order. ODP MRs pin
 * nothing: the device's page faults resolve through the process's current page tables
 * ({@code OdpFaults}) and the umem's MMU notifier ({@link io.mapdirect.rdma.IbUmemOdp}) zaps the
 * NIC's translations before any page-table change. The merged kernel's rule refuses long-term pins of
 * fs-DAX. Every registration, revocation, deregistration and ODP step is an
 * {@link io.mapdirect.rdma.RdmaEvent}; the NIC records every DMA.
 */
package io.mapdirect.rdma;
