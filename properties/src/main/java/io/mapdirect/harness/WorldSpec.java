package io.mapdirect.harness;

import io.mapdirect.iommu.IommuMode;
import io.mapdirect.iommu.IommuVendor;
import io.mapdirect.kernel.Capability;
import java.util.List;
import java.util.Set;

/**
 * The world a case boots: lease-break-time, pmem size, the DAX mount, RDMA devices, device-dax
 * instances, files created before the run, the processes and the allocation failures to inject.
 *
 * @param leaseBreakTimeSec  initial lease-break-time (seconds)
 * @param pmemBlocks         XFS pmem blocks (small, so freed blocks are reused at once)
 * @param xfsDax             {@code /xfs} mounted with {@code -o dax}
 * @param devices            RDMA NICs and their IOMMU modes
 * @param devdax             device-dax instances
 * @param files              files created (and made durable) before the run, in order
 * @param processes          the process actors (children created by fork are not listed)
 * @param allocFailures      "fail the nth allocation inside this operation" rules
 * @param iommuVendor        whose driver runs the IOMMU the devices are attached to
 */
public record WorldSpec(long leaseBreakTimeSec, int pmemBlocks, boolean xfsDax, List<DeviceSpec> devices,
                        List<DevdaxSpec> devdax, List<FileSpec> files, List<ProcessSpec> processes,
                        List<AllocFailure> allocFailures, IommuVendor iommuVendor) {
    public WorldSpec {
        devices = List.copyOf(devices);
        devdax = List.copyOf(devdax);
        files = List.copyOf(files);
        processes = List.copyOf(processes);
        allocFailures = List.copyOf(allocFailures);
    }

    /** A world on the default ({@link IommuVendor#AMD}) IOMMU. */
    public WorldSpec(long leaseBreakTimeSec, int pmemBlocks, boolean xfsDax, List<DeviceSpec> devices,
                     List<DevdaxSpec> devdax, List<FileSpec> files, List<ProcessSpec> processes,
                     List<AllocFailure> allocFailures) {
        this(leaseBreakTimeSec, pmemBlocks, xfsDax, devices, devdax, files, processes, allocFailures, IommuVendor.AMD);
    }

    /** An RDMA NIC. */
    public record DeviceSpec(String name, IommuMode iommu) { }

    /** A device-dax instance {@code /dev/<name>}. */
    public record DevdaxSpec(String name, int pages, int ownerUid) { }

    /**
     * A file created before the run: {@code blocks} is one letter per 4 KiB block, W written, U
     * unwritten (fallocated), H hole; the size covers every block. {@code reflinkFrom}, if set,
     * names an earlier file whose blocks are cloned into this one first (FICLONE), after which S
     * leaves a cloned (shared) block as it is.
     */
    public record FileSpec(String path, int ownerUid, String blocks, String reflinkFrom) { }

    /** A process actor. */
    /**
     * A process actor: its {@code uid}, the filesystem uid {@code fsuid} the kernel's permission and
     * ownership checks use ({@code current_fsuid()}: opening, leases, MAP_DIRECT's owner check), and its
     * capabilities.
     */
    public record ProcessSpec(String name, int uid, int fsuid, Set<Capability> capabilities) {
        public ProcessSpec {
            capabilities = Set.copyOf(capabilities);
        }

        /** A process whose fsuid is its uid (what {@code setfsuid()} was never called for). */
        public ProcessSpec(String name, int uid, Set<Capability> capabilities) {
            this(name, uid, uid, capabilities);
        }
    }

    /** Fail the {@code nth} allocation inside operation {@code opIndex} (0-based) of {@code actor}. */
    public record AllocFailure(String actor, int opIndex, int nth) { }

    public WorldSpec withLeaseBreakTimeSec(long value) {
        return new WorldSpec(value, pmemBlocks, xfsDax, devices, devdax, files, processes, allocFailures, iommuVendor);
    }

    public WorldSpec withAllocFailures(List<AllocFailure> value) {
        return new WorldSpec(leaseBreakTimeSec, pmemBlocks, xfsDax, devices, devdax, files, processes, value, iommuVendor);
    }
}
