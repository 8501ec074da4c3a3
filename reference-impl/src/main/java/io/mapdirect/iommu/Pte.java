package io.mapdirect.iommu;

/** An IOMMU page-table entry: the pmem block an IOVA page maps to, and its {@link IommuProt} bits. */
public record Pte(int block, int prot) {
}
