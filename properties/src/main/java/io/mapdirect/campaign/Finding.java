package io.mapdirect.campaign;

import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import java.nio.file.Path;

/**
 * A confirmed finding of the campaign: the case index, the invariant it violates beyond its
 * variant's expected verdicts, the minimized case, its run, and where it was written.
 */
public record Finding(long caseIndex, String invariant, Case shrunk, CaseResult result, Path file) { }
