package io.mapdirect.nic;

/**
 * The driver's ODP page-fault handler, implemented by the RDMA layer: mirrors the path from the
 * device's page-fault event to {@code pagefault_single_data_segment()} and
 * {@code ib_umem_odp_map_dma_pages()} [34] [38]. It resolves the MR's page through the current
 * block map and installs it with {@link Nic#odpInstall}, or fails. It runs on the device task and
 * may sleep (take locks, fault pages in).
 */
@FunctionalInterface
public interface OdpFaultHandler {
    /**
     * Resolves {@code iovaPfn} of {@code mr} for a read or write. Returns 0 when the device should
     * retry (normally after installing a translation), or {@code -errno} when the access fails.
     */
    int handleOdpFault(Nic nic, MrContext mr, long iovaPfn, boolean write);
}
