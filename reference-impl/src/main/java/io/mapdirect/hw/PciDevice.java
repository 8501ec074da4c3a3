package io.mapdirect.hw;

/**
 * A PCI device as the DMA API sees it ({@code struct device} plus {@code struct
 * device_dma_parameters}): plain data. Identity matters (two devices with one name are two
 * devices), so this is a class, not a record.
 */
public final class PciDevice {
    /** {@code DMA_BIT_MASK(32)}, the default segment boundary ({@code dma_get_seg_boundary()}). */
    public static final long DEFAULT_SEGMENT_BOUNDARY_MASK = 0xFFFF_FFFFL;
    /** {@code DMA_BIT_MASK(64)}: RDMA NICs set a 64-bit DMA mask. */
    public static final long DMA_BIT_MASK_64 = -1L;

    private final String name;
    private final long segmentBoundaryMask;
    private final long dmaMask;

    /** A device with explicit masks; masks are unsigned 64-bit values. */
    public PciDevice(String name, long segmentBoundaryMask, long dmaMask) {
        this.name = name;
        this.segmentBoundaryMask = segmentBoundaryMask;
        this.dmaMask = dmaMask;
    }

    /** A device with the default 4 GiB segment boundary and a 64-bit DMA mask. */
    public static PciDevice of(String name) {
        return new PciDevice(name, DEFAULT_SEGMENT_BOUNDARY_MASK, DMA_BIT_MASK_64);
    }

    public String name() {
        return name;
    }

    /**
     * Mirrors {@code dma_get_seg_boundary()}: a DMA segment must not cross a multiple of mask+1.
     *
     * @kernel include/linux/dma-mapping.h dma_get_seg_boundary() [21]
     */
    public long segmentBoundaryMask() {
        return segmentBoundaryMask;
    }

    /** {@code *dev->dma_mask}: the highest DMA address the device can drive (unsigned). */
    public long dmaMask() {
        return dmaMask;
    }

    /** The same device data with another segment-boundary mask (a new device). */
    public PciDevice withSegmentBoundaryMask(long mask) {
        return new PciDevice(name, mask, dmaMask);
    }

    /** The same device data with another DMA mask (a new device). */
    public PciDevice withDmaMask(long mask) {
        return new PciDevice(name, segmentBoundaryMask, mask);
    }

    @Override
    public String toString() {
        return name;
    }
}
