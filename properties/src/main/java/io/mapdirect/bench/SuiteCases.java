package io.mapdirect.bench;

import io.mapdirect.campaign.CampaignCases;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Runs;
import java.util.ArrayList;
import java.util.List;

/**
 * The property suite as a benchmark: a fixed set of generated cases (the campaign's cases for one
 * seed, every variant in turn, faults off), each run with every invariant checked after every step
 * and the end-state checks after the quiesce. Generation happens once, before timing, so the
 * figures are the model's and checkers' own: {@link #steps()} counts scheduler steps (yield points)
 * per second, {@link #cases()} whole cases per second.
 */
final class SuiteCases {
    /** The seed of the benchmark's cases (the CI seed of the property suites). */
    static final long SEED = 20171006L;

    private final List<Case> cases = new ArrayList<>();

    SuiteCases(int count) {
        CampaignCases source = new CampaignCases(SEED);
        for (int index = 0; index < count; index++) {
            cases.add(source.caseAt(index));
        }
    }

    /** Scheduler steps per second over one pass of the cases. */
    Workload steps() {
        return () -> runAll(true);
    }

    /** Cases per second over one pass of the cases. */
    Workload cases() {
        return () -> runAll(false);
    }

    private Workload.Sample runAll(boolean countSteps) {
        long steps = 0;
        long startNs = System.nanoTime();
        for (Case c : cases) {
            CaseResult result = Runs.run(c, false);
            steps += result.steps();
        }
        long elapsedNs = System.nanoTime() - startNs;
        return new Workload.Sample(countSteps ? steps : cases.size(), Math.max(1, elapsedNs));
    }
}
