package io.mapdirect.scratch;

import io.mapdirect.gen.CaseGen;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.KnownBug;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Example;

class ExploreTest {
    @Example
    void explore() {
        for (KnownBug bug : new KnownBug[] {null, KnownBug.INVALIDATE_AFTER_VMA_CLOSE, KnownBug.NO_FAULT_FLUSH,
                KnownBug.ALLOC_FAULT_NO_BREAK, KnownBug.REFLINK_MISSED, KnownBug.BREAK_LAYOUTS_PRECEDENCE,
                KnownBug.LEASE_DIRECT_CHECK_FIRST}) {
            Arbitrary<Case> cases = CaseGen.cases(Variant.V8, bug == null ? Set.of() : Set.of(bug));
            Map<String, Integer> verdicts = new TreeMap<>();
            Map<String, Long> probes = new TreeMap<>();
            long steps = 0;
            long start = System.nanoTime();
            var it = cases.generator(100).stream(new java.util.Random(42)).iterator();
            int n = 300;
            for (int i = 0; i < n; i++) {
                Case c = it.next().value();
                CaseResult r = Runs.run(c, true);
                if (!r.passed() && !verdicts.containsKey(r.verdict()) && System.getenv("SHOW") != null
                        && r.verdict().equals(System.getenv("SHOW"))) {
                    System.out.println(io.mapdirect.report.FailureReport.render("42", "-", c, r));
                }
                verdicts.merge(r.verdict(), 1, Integer::sum);
                r.probes().forEach((k, v) -> probes.merge(k, 1L, Long::sum));
                steps += r.steps();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.println("== " + bug + " verdicts=" + verdicts + String.format(" %.0f cases/s %.0f steps/s", n / secs, steps / secs));
            if (bug == null) {
                System.out.println("   probes(cases)=" + probes);
            }
        }
    }
}
