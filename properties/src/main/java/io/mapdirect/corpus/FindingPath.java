package io.mapdirect.corpus;

import io.mapdirect.check.InvariantId;
import io.mapdirect.check.Violation;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseMinimizer;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Expectations;
import io.mapdirect.harness.Runs;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What happens to a finding, the same for the fuzz campaign and the property suites. A case whose
 * run violates an invariant its variant must keep ({@link #firstFinding}) is run again to confirm
 * it reproduces identically ({@link #reproductionDifference}: same trace fingerprint, same
 * violations), minimized keeping the same first finding ({@link #minimize}), marked with the
 * finding and where it was found ({@link #mark}) and written to {@code found/} ({@link #write}).
 *
 * <p>The campaign takes every step in turn ({@code Campaign}). A property takes the same steps
 * with jqwik as the minimizer: it confirms, fails, lets jqwik shrink toward the same invariant and
 * then marks and writes the shrunk case (the property suites' {@code SuiteCheck} and
 * {@code FoundCaseHook}).
 */
public final class FindingPath {
    private FindingPath() {
    }

    /** The first violated invariant {@code c}'s variant must keep, or null. */
    public static InvariantId firstFinding(Case c, CaseResult result) {
        for (Violation violation : result.violations()) {
            if (Expectations.isFinding(c.variant(), violation.id())) {
                return violation.id();
            }
        }
        return null;
    }

    /** Runs {@code c} with the invariants its variant must keep; its first finding, or null. */
    public static InvariantId firstFinding(Case c) {
        return firstFinding(c, Runs.runFindings(c, true));
    }

    /**
     * Runs {@code c} again; null when the run reproduced {@code first} identically (the same trace
     * fingerprint and violations), otherwise how it differed ({@code "trace 1a2b then 3c4d"}).
     */
    public static String reproductionDifference(Case c, CaseResult first) {
        CaseResult again = Runs.runFindings(c, true);
        if (again.fingerprint() == first.fingerprint() && again.violations().equals(first.violations())) {
            return null;
        }
        return "trace " + Long.toHexString(first.fingerprint()) + " then " + Long.toHexString(again.fingerprint());
    }

    /** A smaller case whose first finding is still {@code finding} (delta debugging, {@link CaseMinimizer}). */
    public static Case minimize(Case c, InvariantId finding) {
        return new CaseMinimizer(candidate -> finding.equals(firstFinding(candidate))).minimize(c);
    }

    /** {@code c} expecting {@code finding}, titled and with the provenance line saying where it was found. */
    public static Case mark(Case c, InvariantId finding, String title, String provenance) {
        return c.withExpect(finding.name()).withHeader(title, provenance);
    }

    /** Writes a marked case into {@code foundDir} under its content hash; the file. */
    public static Path write(Path foundDir, Case marked) throws IOException {
        return FoundCases.write(foundDir, marked);
    }

    /** Writes a marked case where findings go ({@link FoundCases#foundDir()}); the file. */
    public static Path write(Case marked) throws IOException {
        return FoundCases.write(marked);
    }
}
