package io.mapdirect.harness;

import io.mapdirect.check.InvariantId;
import io.mapdirect.check.Violation;
import io.mapdirect.sim.RunOutcome;
import io.mapdirect.world.World;
import java.util.List;
import java.util.Map;

/**
 * What running a case gave: the violations (first of each invariant, in the order found), how the
 * main run ended, how the last run ended ({@code lastOutcome}: the quiescing run's when the main run
 * completed, else the main run's), the trace fingerprint, counters and probes, and the world itself
 * (its trace and event log are what reports render).
 */
public record CaseResult(List<Violation> violations, RunOutcome outcome, RunOutcome lastOutcome, long fingerprint,
                         long steps, long switches, long endTimeNs, Map<String, Long> probes, World world) {
    public CaseResult {
        violations = List.copyOf(violations);
        probes = Map.copyOf(probes);
    }

    /**
     * Whether the final checks ran: the end-state checks after the world quiesced, or the durability
     * checks after a crash operation (not when a run deadlocked, crashed, ran away or was stopped).
     */
    public boolean endChecked() {
        return switch (lastOutcome) {
            case RunOutcome.Completed c -> true;
            case RunOutcome.Stopped stopped -> stopped.reason().equals(CaseRunner.CRASH);
            default -> false;
        };
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
