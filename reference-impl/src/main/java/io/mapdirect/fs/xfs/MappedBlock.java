package io.mapdirect.fs.xfs;

/** One entry of an {@link ExtentMap} in file-block order: a file block and its mapping. */
public record MappedBlock(long fileBlock, BlockMapping mapping) { }
