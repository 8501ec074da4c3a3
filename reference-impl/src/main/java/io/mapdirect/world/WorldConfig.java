package io.mapdirect.world;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.iommu.IommuMode;
import io.mapdirect.iommu.IommuVendor;
import io.mapdirect.kernel.KernelConfig;
import io.mapdirect.sim.FaultPlan;
import java.util.List;

/**
 * Everything a world is booted with: the kernel configuration (profile, design policy, injected
 * bugs, lease-break-time, pmem size), whether the XFS filesystem is mounted with {@code -o dax},
 * the device-dax instances, the DRAM size, the allocation-failure rules, the run budgets and the
 * RDMA devices.
 *
 * @param kernel        kernel configuration
 * @param xfsDax        mount {@code /xfs} with {@code -o dax}
 * @param devdax        device-dax instances, placed after the XFS blocks
 * @param dramPages     DRAM pages for page caches and anonymous memory
 * @param faultRules    "fail the N-th allocation inside this call" rules
 * @param maxSteps      step budget of a run
 * @param maxTimeNs     virtual-time budget of a run
 * @param rdma          RDMA devices (a NIC each), in order; the first is the default of the RDMA calls
 * @param iommuVendor   whose driver runs the platform's IOMMU ({@link IommuVendor#AMD} by default)
 */
public record WorldConfig(KernelConfig kernel, boolean xfsDax, List<DevDax> devdax, int dramPages,
                          List<FaultPlan.Rule> faultRules, long maxSteps, long maxTimeNs, List<RdmaDevice> rdma,
                          IommuVendor iommuVendor) {
    /** A device-dax instance {@code /dev/<name>} of {@code pages} pages owned by {@code uid}. */
    public record DevDax(String name, int pages, int uid) { }

    /**
     * An RDMA NIC named {@code name}, attached to the IOMMU in {@code mode}, with the segment
     * boundary mask its DMA parameters declare ({@code dma_get_seg_boundary()} [21]).
     */
    public record RdmaDevice(String name, IommuMode mode, long segmentBoundaryMask) {
        /** A device with the default 4 GiB segment boundary. */
        public static RdmaDevice of(String name, IommuMode mode) {
            return new RdmaDevice(name, mode, PciDevice.DEFAULT_SEGMENT_BOUNDARY_MASK);
        }
    }

    public WorldConfig {
        devdax = List.copyOf(devdax);
        faultRules = List.copyOf(faultRules);
        rdma = List.copyOf(rdma);
        if (dramPages < 1) {
            throw new IllegalArgumentException("dramPages must be >= 1, got " + dramPages);
        }
        if (rdma.isEmpty()) {
            throw new IllegalArgumentException("at least one RDMA device is needed");
        }
    }

    /** A world on an {@link IommuVendor#AMD} IOMMU. */
    public WorldConfig(KernelConfig kernel, boolean xfsDax, List<DevDax> devdax, int dramPages,
                       List<FaultPlan.Rule> faultRules, long maxSteps, long maxTimeNs, List<RdmaDevice> rdma) {
        this(kernel, xfsDax, devdax, dramPages, faultRules, maxSteps, maxTimeNs, rdma, IommuVendor.AMD);
    }

    /**
     * Defaults: {@link KernelConfig#defaults()}, DAX mount, no device-dax, 4096 DRAM pages, no faults,
     * 2M steps, 1 virtual hour, one RDMA device {@code "nic"} behind a strict DMA domain.
     */
    public static WorldConfig defaults() {
        return new WorldConfig(KernelConfig.defaults(), true, List.of(), 4096, List.of(), 2_000_000L,
                3_600L * 1_000_000_000L, List.of(RdmaDevice.of("nic", IommuMode.DMA_STRICT)));
    }

    public WorldConfig withKernel(KernelConfig value) {
        return new WorldConfig(value, xfsDax, devdax, dramPages, faultRules, maxSteps, maxTimeNs, rdma, iommuVendor);
    }

    public WorldConfig withDramPages(int value) {
        return new WorldConfig(kernel, xfsDax, devdax, value, faultRules, maxSteps, maxTimeNs, rdma, iommuVendor);
    }

    public WorldConfig withXfsDax(boolean value) {
        return new WorldConfig(kernel, value, devdax, dramPages, faultRules, maxSteps, maxTimeNs, rdma, iommuVendor);
    }

    public WorldConfig withDevdax(List<DevDax> value) {
        return new WorldConfig(kernel, xfsDax, value, dramPages, faultRules, maxSteps, maxTimeNs, rdma, iommuVendor);
    }

    public WorldConfig withFaultRules(List<FaultPlan.Rule> value) {
        return new WorldConfig(kernel, xfsDax, devdax, dramPages, value, maxSteps, maxTimeNs, rdma, iommuVendor);
    }

    public WorldConfig withBudgets(long steps, long timeNs) {
        return new WorldConfig(kernel, xfsDax, devdax, dramPages, faultRules, steps, timeNs, rdma, iommuVendor);
    }

    public WorldConfig withRdma(List<RdmaDevice> value) {
        return new WorldConfig(kernel, xfsDax, devdax, dramPages, faultRules, maxSteps, maxTimeNs, value, iommuVendor);
    }

    /** The default single device {@code "nic"} in another IOMMU mode. */
    public WorldConfig withIommuVendor(IommuVendor value) {
        return new WorldConfig(kernel, xfsDax, devdax, dramPages, faultRules, maxSteps, maxTimeNs, rdma, value);
    }

    public WorldConfig withNicMode(IommuMode mode) {
        return withRdma(List.of(RdmaDevice.of("nic", mode)));
    }
}
