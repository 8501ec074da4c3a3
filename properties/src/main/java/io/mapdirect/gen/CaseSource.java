package io.mapdirect.gen;

import io.mapdirect.harness.Case;

/**
 * Generated cases by index: the same source and index always give the same case, in any JVM. The
 * fuzz campaign, {@code fuzz --case}, and the suite benchmark draw their cases from one
 * ({@link SeededCases}).
 */
public interface CaseSource {
    /** Case {@code index}. */
    Case caseAt(long index);
}
