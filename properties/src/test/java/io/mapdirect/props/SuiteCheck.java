package io.mapdirect.props;

import io.mapdirect.check.InvariantId;
import io.mapdirect.corpus.FindingPath;
import io.mapdirect.corpus.FoundCases;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Runs;
import io.mapdirect.report.FailureReport;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.statistics.Statistics;

/**
 * The body of every system-level property: run the case with the invariants its variant must keep;
 * on a finding, re-run it once to confirm it reproduces identically, then fail with a report that
 * starts with the seed and the command that replays it. While jqwik shrinks, only candidates that
 * fail the same invariant count as failures, so the shrunk case fails the invariant the original
 * failed.
 */
final class SuiteCheck {
    private static final ThreadLocal<InvariantId> TARGET = new ThreadLocal<>();

    private SuiteCheck() {
    }

    /** Forgets the invariant being shrunk toward (called before each property). */
    static void reset() {
        TARGET.remove();
    }

    static void check(Case c, String property, String seed) {
        check(c, property, seed, Probes.REQUIRED);
    }

    /** {@link #check(Case, String, String)}, counting the probes {@code required}. */
    static void check(Case c, String property, String seed, List<String> required) {
        CaseResult result = Runs.runFindings(c, true);
        collectProbes(result, required);
        InvariantId finding = FindingPath.firstFinding(c, result);
        if (finding == null || (TARGET.get() != null && TARGET.get() != finding)) {
            return;
        }
        String difference = FindingPath.reproductionDifference(c, result);
        if (difference != null) {
            throw new AssertionError("seed " + seed + ": the failing case did not reproduce identically (" + difference + ")");
        }
        TARGET.set(finding);
        Case found = mark(c, finding, property, seed);
        String replay = "./mapdirect replay " + FoundCases.foundDir().resolve(FoundCases.fileName(found));
        throw new AssertionError(FailureReport.render(seed, replay, found, result));
    }

    /** The first finding of {@code c} (an invariant its variant must keep), or null. */
    static InvariantId firstFindingOf(Case c) {
        return FindingPath.firstFinding(c);
    }

    /** {@code c} marked as found by {@code property} with {@code seed}: how a property's finding is written. */
    static Case mark(Case c, InvariantId finding, String property, String seed) {
        return FindingPath.mark(c, finding, "found by " + property, "found-by " + property + " seed " + seed);
    }

    /** Counts, per required probe, the cases that reached it. */
    private static void collectProbes(CaseResult result, List<String> required) {
        Map<String, Long> sorted = new TreeMap<>(result.probes());
        for (String probe : required) {
            Statistics.label(probe).collect(sorted.containsKey(probe));
        }
    }

    /** Fails the property, at its end, if a required probe was reached by no case. */
    static void requireProbes() {
        requireProbes(Probes.REQUIRED);
    }

    /** Fails the property, at its end, if a probe of {@code required} was reached by no case. */
    static void requireProbes(List<String> required) {
        for (String probe : required) {
            Statistics.label(probe).coverage(coverage -> coverage.check(true).count(n -> n > 0));
        }
    }
}
