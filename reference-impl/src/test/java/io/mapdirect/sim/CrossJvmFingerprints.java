package io.mapdirect.sim;

import io.mapdirect.sim.selftest.CaseRun;
import io.mapdirect.sim.selftest.SimCase;
import io.mapdirect.sim.selftest.SimProgramGenerator;
import io.mapdirect.sim.selftest.SimProgramRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints, one per line, the seed, trace fingerprint, outcome and step count of a fixed list of
 * generated cases. {@link CrossJvmDeterminismTest} runs this main in a second JVM and compares
 * its lines with the ones computed in the test's own JVM.
 */
public final class CrossJvmFingerprints {
    static final int CASES = 60;
    static final long FIRST_SEED = 20_171_011L; // the seed thread: MAP_DIRECT v7, October 2017

    private CrossJvmFingerprints() {
    }

    public static void main(String[] args) {
        for (String line : lines()) {
            System.out.println(line);
        }
    }

    static List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            SimCase simCase = SimProgramGenerator.generate(FIRST_SEED + i);
            CaseRun run = SimProgramRunner.run(simCase);
            lines.add(simCase.seed() + " " + Long.toHexString(run.fingerprint()) + " "
                    + run.result().outcome().getClass().getSimpleName() + " " + run.result().steps());
        }
        return lines;
    }
}
