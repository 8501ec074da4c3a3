package io.mapdirect.bench;

import io.mapdirect.campaign.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One {@code fuzz} run in a fresh JVM, timed from the moment it is started: its output lines, and
 * for a worker run ({@code fuzz --worker}) the steps it had reported at each moment, so that the
 * steps of its first seconds can be read off.
 */
final class FreshFuzz {
    /** Steps reported by the time {@code elapsedNs} after the JVM was started. */
    record Sample(long elapsedNs, long steps) { }

    private final Workers jvm;
    private final LongSupplier clockNs;
    private final List<Sample> samples = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private long wallNs;

    FreshFuzz(Workers jvm, LongSupplier clockNs) {
        this.jvm = jvm;
        this.clockNs = clockNs;
    }

    /** Runs {@code fuzz ARGUMENTS} to its end; false if it failed (exit status 1 means findings, not failure). */
    boolean run(List<String> arguments) {
        long startNs = clockNs.getAsLong();
        int[] status = jvm.run(List.of(arguments), (worker, line) -> {
            lines.add(line);
            if (line.startsWith("progress ") || line.startsWith("done ")) {
                samples.add(new Sample(clockNs.getAsLong() - startNs, Long.parseLong(line.split(" ")[2])));
            }
        });
        wallNs = clockNs.getAsLong() - startNs;
        return status[0] == 0 || status[0] == 1;
    }

    /** Wall-clock time from start to exit. */
    long wallNs() {
        return wallNs;
    }

    List<String> lines() {
        return lines;
    }

    /** The steps reported by {@code atNs} after the start (the last report at or before it). */
    long stepsBy(long atNs) {
        long steps = 0;
        for (Sample sample : samples) {
            if (sample.elapsedNs() <= atNs) {
                steps = sample.steps();
            }
        }
        return steps;
    }
}
