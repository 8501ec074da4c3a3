package io.mapdirect.gen;

import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.CaseSampler;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.KnownBug;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;

class TightScratch {
    @Example
    void tight() {
        Set<KnownBug> faults = Set.of(KnownBug.LEASE_DIRECT_CHECK_FIRST);
        Arbitrary<Case> loose = Arbitraries.subsetOf(OpKind.values()).ofMinSize(3).flatMap(kinds -> {
            Set<OpKind> k = kinds.isEmpty() ? EnumSet.noneOf(OpKind.class) : EnumSet.copyOf(kinds);
            k.add(OpKind.RDMA);
            return CaseGen.looseCaseForTest(Variant.V8, faults, k);
        });
        Arbitrary<Case> tight = TightRace.of(loose);
        Iterator<Case> it = CaseSampler.stream(tight, "1");
        Map<String, Integer> verdicts = new TreeMap<>();
        Map<String, Integer> regResults = new TreeMap<>();
        for (int i = 0; i < 3000; i++) {
            Case c = it.next();
            if (i < 2) {
                System.out.println(CaseWriter.write(c));
            }
            CaseResult r = Runs.runFindings(c, false);
            verdicts.merge(r.verdict(), 1, Integer::sum);
            r.world().kernel().events().ofType(io.mapdirect.events.HarnessEvents.OpDone.class).stream()
                    .filter(d -> d.op() instanceof io.mapdirect.events.Op.RegMr && d.actor().equals("p0"))
                    .forEach(d -> regResults.merge(d.result().matches("[0-9]+") ? "ok" : d.result(), 1, Integer::sum));
        }
        System.out.println("TIGHT verdicts=" + verdicts + " reg=" + regResults);
    }
}
