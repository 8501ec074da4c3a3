package io.mapdirect.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Measures the property suite ({@link SuiteCases}) the way a long campaign experiences it, and a
 * fresh JVM too. The first pass is the cold figure. Then passes run unmeasured until the JIT has
 * settled: over the last {@link #SETTLE_WINDOW_PASSES} passes the compiler threads used at most
 * {@link #SETTLE_COMPILE_FRACTION} of the elapsed time in CPU ({@link JitCpu}; a fixed pass count
 * was not enough: on one core the C2 compiler still took half the CPU after 50,000 cases), or the
 * warm-up time limit passes, in which case the report says the JIT had not settled. Then the measured passes give the steady-state
 * rates: steps and cases per wall-clock second, and steps per CPU-second of the whole JVM, which is
 * the per-core figure whatever the machine's core count (JIT and GC threads count against it).
 */
final class SuiteBench {
    /** Passes whose compile time is summed to decide that the JIT settled. */
    static final int SETTLE_WINDOW_PASSES = 10;
    /** The largest share of the window's elapsed time the JIT may have spent compiling. */
    static final double SETTLE_COMPILE_FRACTION = 0.03;
    /** The target (docs/measurements.md, "The property suite"): scheduler steps per second on one core, with every invariant on. */
    static final double TARGET_STEPS_PER_CORE_SEC = 100_000;

    private final Supplier<SuiteCases.Pass> pass;
    private final LongSupplier clockNs;
    private final Consumer<String> progress;

    SuiteBench(Supplier<SuiteCases.Pass> pass, LongSupplier clockNs, Consumer<String> progress) {
        this.pass = pass;
        this.clockNs = clockNs;
        this.progress = progress;
    }

    /** What was measured. */
    record Result(Figure cold, Figure steps, Figure cases, Figure stepsPerCpu, int warmupPasses, double warmupSec,
            boolean jitSettled) {
        boolean meetsTarget() {
            return stepsPerCpu.medianPerSec() >= TARGET_STEPS_PER_CORE_SEC;
        }
    }

    /** Cold pass, warm-up of at most {@code maxWarmupNs}, then {@code measuredPasses} measured passes. */
    Result run(long maxWarmupNs, int measuredPasses) {
        SuiteCases.Pass cold = pass.get();
        progress.accept("  suite cold pass: " + Math.round(cold.stepsPerSec()) + " steps/s");
        long startNs = clockNs.getAsLong();
        Deque<SuiteCases.Pass> window = new ArrayDeque<>();
        int warmupPasses = 0;
        boolean settled = false;
        while (!settled && clockNs.getAsLong() - startNs < maxWarmupNs) {
            window.addLast(pass.get());
            warmupPasses++;
            if (window.size() > SETTLE_WINDOW_PASSES) {
                window.removeFirst();
            }
            settled = window.size() == SETTLE_WINDOW_PASSES && settled(window);
            if (warmupPasses % SETTLE_WINDOW_PASSES == 0) {
                progress.accept("  warm-up pass " + warmupPasses + ": " + Math.round(window.getLast().stepsPerSec())
                        + " steps/s, JIT compiling " + Math.round(100 * compileShare(window)) + "% of the last "
                        + window.size() + " passes' time");
            }
        }
        double warmupSec = (clockNs.getAsLong() - startNs) / 1e9;
        progress.accept("  suite warm-up: " + warmupPasses + " passes, " + Math.round(warmupSec) + " s, JIT "
                + (settled ? "settled" : "NOT settled"));
        List<Double> steps = new ArrayList<>();
        List<Double> cases = new ArrayList<>();
        List<Double> stepsPerCpu = new ArrayList<>();
        for (int i = 0; i < measuredPasses; i++) {
            SuiteCases.Pass measured = pass.get();
            steps.add(measured.stepsPerSec());
            cases.add(measured.casesPerSec());
            stepsPerCpu.add(measured.stepsPerCpuSec());
        }
        return new Result(Figure.of("suite.cold_steps_per_sec", List.of(cold.stepsPerSec())),
                Figure.of("suite.steps_per_sec", steps), Figure.of("suite.cases_per_sec", cases),
                Figure.of("suite.steps_per_cpu_sec", stepsPerCpu), warmupPasses, warmupSec, settled);
    }

    /** Whether the window's passes spent little enough time compiling (never, if the JVM does not say). */
    static boolean settled(Iterable<SuiteCases.Pass> window) {
        double share = compileShare(window);
        return share >= 0 && share <= SETTLE_COMPILE_FRACTION;
    }

    /** The JIT compiler threads' CPU time over the passes' elapsed time (above 1 with several busy compiler threads); -1 if unknown. */
    static double compileShare(Iterable<SuiteCases.Pass> passes) {
        long compileNs = 0;
        long elapsedNs = 0;
        for (SuiteCases.Pass p : passes) {
            if (p.compileCpuNs() < 0) {
                return -1;
            }
            compileNs += p.compileCpuNs();
            elapsedNs += p.elapsedNs();
        }
        return (double) compileNs / Math.max(1, elapsedNs);
    }
}
