package io.mapdirect.bench;

import java.util.Arrays;
import java.util.List;

/** A measured rate: the median of several iterations with their minimum and maximum, in operations per second. */
public record Figure(String name, double medianPerSec, double minPerSec, double maxPerSec, int iterations) {
    /** The figure of the given per-iteration rates. */
    public static Figure of(String name, List<Double> ratesPerSec) {
        if (ratesPerSec.isEmpty()) {
            throw new IllegalArgumentException("no measured iterations for " + name);
        }
        double[] sorted = ratesPerSec.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Figure(name, median, sorted[0], sorted[n - 1], n);
    }

    @Override
    public String toString() {
        return name + " median " + Math.round(medianPerSec) + "/s " + Arrays.toString(new long[] {Math.round(minPerSec), Math.round(maxPerSec)});
    }
}
