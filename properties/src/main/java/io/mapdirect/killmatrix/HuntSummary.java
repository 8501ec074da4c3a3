package io.mapdirect.killmatrix;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * One fault's hunts over several seeds: how many seeds found it, and the median and range of the
 * tries to detection and of the shrunk case's operations. A miss counts as more than the budget for
 * the median of the tries (so a median over mostly misses reads "more than the budget") and is left
 * out of the ranges and of the operations. The median of an even count is the mean of the two middle
 * values, rounded half to even.
 */
public record HuntSummary(KillRow row, int budget, List<HuntOutcome> outcomes) {
    public HuntSummary {
        outcomes = List.copyOf(outcomes);
    }

    public int detected() {
        return (int) outcomes.stream().filter(HuntOutcome::detected).count();
    }

    /** The median of the tries, misses counted as {@code budget + 1}. */
    public int medianTries() {
        return median(outcomes.stream().mapToInt(o -> o.detected() ? o.triesToDetect() : budget + 1).sorted().toArray());
    }

    /** Whether the median of the tries is a miss (more than the budget). */
    public boolean medianMissed() {
        return medianTries() > budget;
    }

    public int minTries() {
        return detectedStat(HuntOutcome::triesToDetect, true);
    }

    public int maxTries() {
        return detectedStat(HuntOutcome::triesToDetect, false);
    }

    /** The median of the shrunk operations over the seeds that found the fault ({@link HuntOutcome#MISSED} if none). */
    public int medianShrunkOps() {
        int[] ops = outcomes.stream().filter(HuntOutcome::detected).mapToInt(HuntOutcome::shrunkOps).sorted().toArray();
        return ops.length == 0 ? HuntOutcome.MISSED : median(ops);
    }

    public int minShrunkOps() {
        return detectedStat(HuntOutcome::shrunkOps, true);
    }

    public int maxShrunkOps() {
        return detectedStat(HuntOutcome::shrunkOps, false);
    }

    private int detectedStat(ToIntFunction<HuntOutcome> value, boolean min) {
        var values = outcomes.stream().filter(HuntOutcome::detected).mapToInt(value);
        return (min ? values.min() : values.max()).orElse(HuntOutcome.MISSED);
    }

    private static int median(int[] sorted) {
        int upper = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[upper] : (int) Math.rint((sorted[upper - 1] + (double) sorted[upper]) / 2);
    }
}
