package io.mapdirect.sim.selftest;

import io.mapdirect.sim.RunOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A campaign over generated cases: case {@code i} of campaign seed {@code S} has seed
 * {@link #caseSeed(long, long)} (case 0 has seed {@code S} itself, so a failing case replays as a
 * one-case campaign on its own seed). Each case is checked by {@link CaseCheck}. The caller decides
 * when to stop (a case limit and a predicate, for example a wall-clock budget kept by the command
 * line, since this package never reads the clock).
 */
public final class DeterminismCampaign {
    /** Called after every case. */
    @FunctionalInterface
    public interface Listener {
        void afterCase(CaseCheck.Checked checked, Summary soFar);
    }

    /** Counters of a campaign so far. */
    public record Summary(long seed, long cases, long steps, List<CaseCheck.Checked> failures, Map<String, Long> outcomes) {
        public Summary {
            failures = List.copyOf(failures);
            outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes)); // keeps the report's order
        }
    }

    private DeterminismCampaign() {
    }

    /** The seed of case {@code index} in the campaign seeded {@code campaignSeed}. */
    public static long caseSeed(long campaignSeed, long index) {
        if (index == 0) {
            return campaignSeed;
        }
        long mixed = (campaignSeed + index * 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        return mixed ^ (mixed >>> 31);
    }

    /**
     * Runs cases until {@code maxCases} (no limit if {@code <= 0}) or until {@code keepGoing} says
     * stop; it is asked before every case after the first.
     */
    public static Summary run(long campaignSeed, long maxCases, BooleanSupplier keepGoing, Listener listener) {
        long cases = 0;
        long steps = 0;
        List<CaseCheck.Checked> failures = new ArrayList<>();
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (String kind : List.of("completed", "deadlock", "runaway", "crash", "stopped")) {
            outcomes.put(kind, 0L);
        }
        while ((maxCases <= 0 || cases < maxCases) && (cases == 0 || keepGoing.getAsBoolean())) {
            CaseCheck.Checked checked = CaseCheck.check(SimProgramGenerator.generate(caseSeed(campaignSeed, cases)));
            cases++;
            steps += checked.first().result().steps() + checked.second().result().steps();
            outcomes.merge(kind(checked.first().result().outcome()), 1L, Long::sum);
            if (!checked.ok()) {
                failures.add(checked);
            }
            listener.afterCase(checked, new Summary(campaignSeed, cases, steps, failures, outcomes));
        }
        return new Summary(campaignSeed, cases, steps, failures, outcomes);
    }

    static String kind(RunOutcome outcome) {
        return switch (outcome) {
            case RunOutcome.Completed c -> "completed";
            case RunOutcome.Deadlock d -> "deadlock";
            case RunOutcome.Runaway r -> "runaway";
            case RunOutcome.Crashed c -> "crash";
            case RunOutcome.Stopped s -> "stopped";
        };
    }
}
