package io.mapdirect.nic;

import io.mapdirect.iommu.FaultReason;
import io.mapdirect.kernel.Errno;

/** What one device DMA did. */
public sealed interface DmaResult {
    /**
     * The access reached {@code block} at bus address {@code iova} (the IOVA or physical address
     * for a pinned MR, the MR address for an ODP MR); {@code version} is what was written or read.
     */
    record Landed(long iova, int block, long version) implements DmaResult { }

    /** The IOMMU refused the bus address; the MR's QP is now in error. */
    record IommuFault(long iova, FaultReason reason) implements DmaResult { }

    /** The MR key is unknown, invalidated or destroyed. */
    record MrInvalid(int mrKey) implements DmaResult { }

    /** The MR's QP is in the error state; nothing was attempted. */
    record QpError(int mrKey) implements DmaResult { }

    /** An ODP page fault was not resolved ({@code errno} from the handler, or EAGAIN after retries); the QP is now in error. */
    record OdpFault(long iova, Errno errno) implements DmaResult { }

    /** The offset lies outside the MR (a remote access error); the QP is now in error. */
    record OutOfRange(long offsetBytes) implements DmaResult { }

    /** Whether the access reached memory. */
    default boolean landed() {
        return this instanceof Landed;
    }
}
