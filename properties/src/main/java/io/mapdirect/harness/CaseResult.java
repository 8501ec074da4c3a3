package io.mapdirect.harness;

import io.mapdirect.check.InvariantId;
import io.mapdirect.check.Violation;
import io.mapdirect.sim.RunOutcome;
import io.mapdirect.world.World;
import java.util.List;
import java.util.Map;

/**
 * What running a case gave: the violations (first of each invariant, in the order found), how the
 * main run ended, the trace fingerprint, counters and probes, and the world itself (its trace and
 * event log are what reports render).
 */
public record CaseResult(List<Violation> violations, RunOutcome outcome, long fingerprint, long steps, long switches,
                         long endTimeNs, Map<String, Long> probes, World world) {
    public CaseResult {
        violations = List.copyOf(violations);
        probes = Map.copyOf(probes);
    }

    public boolean passed() {
        return violations.isEmpty();
    }

    /** The first violation's invariant, or null. */
    public InvariantId firstViolated() {
        return violations.isEmpty() ? null : violations.get(0).id();
    }

    /** Whether {@code id} was violated. */
    public boolean violated(InvariantId id) {
        return violations.stream().anyMatch(v -> v.id() == id);
    }

    /** {@code "pass"} or the first violated invariant's id: what a corpus case's {@code expect} compares with. */
    public String verdict() {
        return violations.isEmpty() ? Case.PASS : violations.get(0).id().name();
    }
}
