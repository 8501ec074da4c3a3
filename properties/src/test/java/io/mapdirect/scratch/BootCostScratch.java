package io.mapdirect.scratch;

import io.mapdirect.harness.CaseRunnerTest;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.WorldSetup;
import java.util.Set;
import net.jqwik.api.Example;

class BootCostScratch {
    @Example
    void cost() {
        var c = CaseRunnerTest.s2(Set.of());
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 2000; i++) {
                WorldSetup.boot(c);
            }
            long t1 = System.nanoTime();
            long steps = 0;
            for (int i = 0; i < 2000; i++) {
                steps += Runs.run(c, true).steps();
            }
            long t2 = System.nanoTime();
            System.out.printf("BOOT %.1f us/boot, RUN %.1f us/case, %d steps/case, %.0f steps/s%n",
                    (t1 - t0) / 2000e3, (t2 - t1) / 2000e3, steps / 2000, steps / ((t2 - t1) / 1e9));
        }
    }
}
