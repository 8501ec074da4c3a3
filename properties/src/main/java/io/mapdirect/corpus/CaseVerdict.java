package io.mapdirect.corpus;

import io.mapdirect.check.InvariantId;
import io.mapdirect.check.Violation;
import io.mapdirect.events.HarnessEvents;
import io.mapdirect.harness.Expectations;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Returns;
import io.mapdirect.harness.Step;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.sim.VirtualClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges a replayed case against its header and its result checks. A <em>finding</em> is a
 * violation of an invariant the case's variant does not break by design
 * ({@link Expectations#byDesign}). The rule: {@code pass} means no finding; {@code X} means X was
 * violated and there is no other finding; {@code X, Y} means X and Y were both violated and there is
 * no other finding (one bug breaking two invariants together). Invariants the variant breaks by
 * design may be violated on the side, and may be named to require them. Every
 * {@code => RESULT [at TIME]} must match what its operation returned and when; an operation that
 * never ran fails its check.
 *
 * @param expected the invariant ids the header expects (empty for pass)
 * @param violated the invariant ids the run violated, in the order found
 * @param problems why the case failed its expectation (empty when it met it)
 */
public record CaseVerdict(Set<String> expected, Set<String> violated, List<String> problems) {
    public CaseVerdict {
        expected = Set.copyOf(new LinkedHashSet<>(expected));
        violated = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(violated));
        problems = List.copyOf(problems);
    }

    /** Whether the case met its expectation and every result check. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** {@code pass} or the violated ids joined by {@code ", "}: the text an {@code # expect:} line would hold. */
    public String actual() {
        return violated.isEmpty() ? Case.PASS : String.join(", ", violated);
    }

    /** The invariant ids an {@code # expect:} text names (empty for {@code pass}). */
    public static Set<String> expectedIds(String expect) {
        Set<String> ids = new LinkedHashSet<>();
        if (!expect.equals(Case.PASS)) {
            for (String part : expect.split(",")) {
                ids.add(part.strip());
            }
        }
        return ids;
    }

    /** Judges {@code result}, the run of {@code c}. */
    public static CaseVerdict judge(Case c, CaseResult result) {
        Set<String> expected = expectedIds(c.expect());
        Set<String> violated = new LinkedHashSet<>();
        for (Violation violation : result.violations()) {
            violated.add(violation.id().name());
        }
        List<String> problems = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(violated);
        Set<String> unexpected = new LinkedHashSet<>();
        for (String id : violated) {
            if (!expected.contains(id) && Expectations.isFinding(c.variant(), InvariantId.valueOf(id))) {
                unexpected.add(id);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            problems.add("expected " + c.expect() + ", got " + (violated.isEmpty() ? Case.PASS : String.join(", ", violated))
                    + (missing.isEmpty() ? "" : "; not violated: " + String.join(", ", missing))
                    + (unexpected.isEmpty() ? "" : "; unexpected findings: " + String.join(", ", unexpected)));
        }
        problems.addAll(resultProblems(c, result.world().kernel().events().entries()));
        return new CaseVerdict(expected, violated, problems);
    }

    /** The mismatches between the steps' result checks and the logged results. */
    static List<String> resultProblems(Case c, List<EventLog.Entry> entries) {
        Map<String, EventLog.Entry> done = new LinkedHashMap<>();
        for (EventLog.Entry entry : entries) {
            if (entry.event() instanceof HarnessEvents.OpDone d) {
                done.putIfAbsent(d.actor() + "#" + d.index(), entry);
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, Integer> nextIndex = new LinkedHashMap<>();
        for (Step step : c.steps()) {
            int index = nextIndex.merge(step.actor(), 1, Integer::sum) - 1;
            Returns returns = step.returns();
            if (returns == null) {
                continue;
            }
            EventLog.Entry entry = done.get(step.actor() + "#" + index);
            String where = CaseWriter.step(step.unchecked());
            if (entry == null) {
                problems.add(where + ": expected " + returns.describe() + ", but it never returned");
                continue;
            }
            HarnessEvents.OpDone d = (HarnessEvents.OpDone) entry.event();
            if (!returns.resultMatches(d.result()) || !returns.timeMatches(entry.timeNs())) {
                problems.add(where + ": expected " + returns.describe() + ", got " + d.result().brief() + " at t="
                        + VirtualClock.formatNs(entry.timeNs()));
            }
        }
        return problems;
    }
}
