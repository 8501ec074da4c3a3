package io.mapdirect.campaign;

import java.nio.file.Path;

/**
 * A finding as a campaign's summary shows it, whichever process found it: the case index, the
 * invariant, the variant, the file it was written to (named by its content, so the same file from
 * two workers is one finding) and its failure report.
 */
public record FoundCase(long caseIndex, String invariant, String variant, Path file, String report) { }
