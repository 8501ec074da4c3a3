package io.mapdirect.iommu;

/** {@code IOMMU_READ} / {@code IOMMU_WRITE} protection bits of a PTE (include/linux/iommu.h). */
public final class IommuProt {
    /** The device may read memory through the mapping. */
    public static final int READ = 1;
    /** The device may write memory through the mapping. */
    public static final int WRITE = 2;
    /** Both. */
    public static final int READ_WRITE = READ | WRITE;

    private IommuProt() {
    }

    /** Whether {@code prot} allows the access. */
    public static boolean allows(int prot, boolean write) {
        return (prot & (write ? WRITE : READ)) != 0;
    }

    /** {@code "rw"}, {@code "r-"}, ... for timelines. */
    public static String describe(int prot) {
        return ((prot & READ) != 0 ? "r" : "-") + ((prot & WRITE) != 0 ? "w" : "-");
    }
}
