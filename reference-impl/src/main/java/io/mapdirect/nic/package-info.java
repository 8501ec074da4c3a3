/**
 * The RDMA NIC hardware (spec §2.1's DMA device; drivers/infiniband/hw in the kernel tree). A
 * {@link io.mapdirect.nic.Nic} holds the {@link io.mapdirect.nic.MrContext}s its driver programs
 * (create, invalidate, destroy, ODP translations installed and zapped) and performs the device
 * task's DMAs: a pinned MR goes through its MTT to a bus address that the device's IOMMU domain
 * translates (or that is physical without one), an ODP MR through the NIC's own page table with
 * page faults raised to an {@link io.mapdirect.nic.OdpFaultHandler} the RDMA layer implements.
 * Results are a sealed {@link io.mapdirect.nic.DmaResult}; an IOMMU fault, an out-of-range access
 * or an unresolved ODP fault moves the MR's QP to ERROR. Each access yields between translation
 * and landing, and an access whose translation was invalidated meanwhile translates again (the
 * hardware drains in-flight DMA on invalidation). Every landing and fault is a
 * {@link io.mapdirect.nic.NicEvent}.
 */
package io.mapdirect.nic;
