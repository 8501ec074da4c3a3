package io.mapdirect.scratch;

import io.mapdirect.gen.CaseGen;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseMinimizer;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.CaseSampler;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.Variant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Example;

class FindingsScratch {
    public static void main(String[] args) {
        new FindingsScratch().findings();
    }

    @Example
    void findings() {
        String only = System.getenv("ONLY");
        int budget = Integer.parseInt(System.getenv().getOrDefault("BUDGET", "1000"));
        for (String seed : System.getenv().getOrDefault("SEED", "20171006").split(",")) {
        for (Variant v : Variant.values()) {
            if (only != null && !only.contains(v.name())) {
                continue;
            }
            Iterator<Case> it = CaseSampler.stream(CaseGen.cases(v, Set.of()), seed);
            Map<String, Integer> verdicts = new TreeMap<>();
            long start = System.nanoTime();
            for (int n = 0; n < budget; n++) {
                Case c = it.next();
                CaseResult r = Runs.runFindings(c, false);
                for (var viol : r.violations()) {
                    String verdict = viol.id().name();
                    if (!verdicts.containsKey(verdict)) {
                        Case shrunk = new CaseMinimizer(x -> Runs.runFindings(x, false).violated(viol.id())).minimize(c);
                        CaseResult rs = Runs.runFindings(shrunk, false);
                        System.out.println("### " + v + " try " + (n + 1) + " " + verdict);
                        System.out.println(io.mapdirect.report.FailureReport.render(seed, "-", shrunk, rs));
                    }
                    verdicts.merge(verdict, 1, Integer::sum);
                }
                verdicts.merge(r.verdict(), 1, Integer::sum);
            }
            System.out.printf("== %s %s %s %.1fs%n", seed, v, verdicts, (System.nanoTime() - start) / 1e9);
        }
        }
    }
}
