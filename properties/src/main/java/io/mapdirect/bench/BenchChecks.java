package io.mapdirect.bench;

import io.mapdirect.sim.RunResult;

/** Guards that a benchmark measured what it meant to: a run that did not complete is a broken workload. */
final class BenchChecks {
    private BenchChecks() {
    }

    static void requireCompleted(String workload, RunResult result) {
        if (!result.completed()) {
            throw new IllegalStateException(workload + " did not complete: " + result.outcome().describe());
        }
    }
}
