package io.mapdirect.bench;

import io.mapdirect.campaign.CampaignCases;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Runs;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The property suite as a benchmark workload: a fixed set of generated cases (the campaign's cases
 * for one seed, every variant in turn, faults off), each run with every invariant checked after
 * every step and the end-state checks after the quiesce. Generation happens once, before timing,
 * so a {@link Pass} measures the model and checkers only.
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

    /**
     * One pass over the cases: how many, their scheduler steps, the wall-clock and process CPU
     * nanoseconds it took, and the CPU nanoseconds the JIT compiler threads used meanwhile (-1 if
     * the system does not say; {@link JitCpu}).
     */
    record Pass(int cases, long steps, long elapsedNs, long cpuNs, long compileCpuNs) {
        double stepsPerSec() {
            return steps * 1e9 / elapsedNs;
        }

        double casesPerSec() {
            return cases * 1e9 / elapsedNs;
        }

        double stepsPerCpuSec() {
            return steps * 1e9 / cpuNs;
        }
    }

    /** Runs every case once, on one virtual thread (as the campaign does). */
    Pass runPass() {
        return io.mapdirect.sim.VirtualDriver.call(this::runPassHere);
    }

    private Pass runPassHere() {
        long compileBeforeNs = JitCpu.compilerCpuNs();
        long cpuBeforeNs = processCpuNs();
        long startNs = System.nanoTime();
        long steps = 0;
        for (Case c : cases) {
            CaseResult result = Runs.run(c, false);
            steps += result.steps();
        }
        long elapsedNs = Math.max(1, System.nanoTime() - startNs);
        long cpuNs = Math.max(1, processCpuNs() - cpuBeforeNs);
        long compileAfterNs = JitCpu.compilerCpuNs();
        // A compiler thread that exits takes its CPU time with it: never count less than nothing.
        long compileCpuNs = compileBeforeNs < 0 || compileAfterNs < 0 ? -1 : Math.max(0, compileAfterNs - compileBeforeNs);
        return new Pass(cases.size(), steps, elapsedNs, cpuNs, compileCpuNs);
    }

    /** CPU time of the whole JVM (every thread: the carrier, the JIT compilers, the garbage collector). */
    static long processCpuNs() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long cpuNs = os.getProcessCpuTime();
            if (cpuNs >= 0) {
                return cpuNs;
            }
        }
        throw new IllegalStateException("this JVM does not report its process CPU time; the suite figures need it");
    }
}
