package io.mapdirect.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link Workload} a few times unmeasured (warm-up, so the JIT has compiled the hot path)
 * and then several measured times, and reports the median rate with the minimum and maximum.
 */
public final class BenchHarness {
    private final int warmupIterations;
    private final int measuredIterations;

    public BenchHarness(int warmupIterations, int measuredIterations) {
        if (warmupIterations < 0 || measuredIterations < 1) {
            throw new IllegalArgumentException("need warm-up >= 0 and measured iterations >= 1, got "
                    + warmupIterations + " and " + measuredIterations);
        }
        this.warmupIterations = warmupIterations;
        this.measuredIterations = measuredIterations;
    }

    /** Measures {@code workload} and names the result {@code name}. */
    public Figure measure(String name, Workload workload) {
        for (int i = 0; i < warmupIterations; i++) {
            workload.runOnce();
        }
        List<Double> rates = new ArrayList<>(measuredIterations);
        for (int i = 0; i < measuredIterations; i++) {
            rates.add(workload.runOnce().perSecond());
        }
        return Figure.of(name, rates);
    }
}
