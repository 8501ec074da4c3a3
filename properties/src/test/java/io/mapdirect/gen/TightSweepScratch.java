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

/**
 * Scratch: for tight cases, sweep the preemption index and choice; how many cases can detect at all,
 * and where ({@code -Dfault=NAME|none -Dinv=ID} or {@code -Dprobe=NAME}, {@code -Dvariant}, {@code -Dn},
 * {@code -DmaxAt}).
 */
class TightSweepScratch {
    @Example
    void sweep() {
        String faultName = System.getProperty("fault", "LEASE_DIRECT_CHECK_FIRST");
        Set<KnownBug> faults = faultName.equals("none") ? Set.of() : Set.of(KnownBug.valueOf(faultName));
        Variant variant = Variant.valueOf(System.getProperty("variant", "V8"));
        String probe = System.getProperty("probe");
        Arbitrary<Case> loose = Arbitraries.subsetOf(OpKind.values()).ofMinSize(3).flatMap(kinds -> {
            Set<OpKind> k = kinds.isEmpty() ? EnumSet.noneOf(OpKind.class) : EnumSet.copyOf(kinds);
            return CaseGen.looseCaseForTest(variant, faults, k);
        });
        TightRace.Plan plan = new TightRace.Plan(0, 1, true, false, false, true);
        Arbitrary<Case> tight = loose.map(c -> TightRace.apply(c, plan));
        Iterator<Case> it = CaseSampler.stream(tight, "1");
        Map<String, Integer> hitAt = new TreeMap<>();
        int casesWithHit = 0;
        int n = Integer.getInteger("n", 200);
        for (int i = 0; i < n; i++) {
            Case c = it.next();
            boolean any = false;
            for (int at = 0; at <= Integer.getInteger("maxAt", 45); at++) {
                for (int choice = 1; choice <= 3; choice++) {
                    int[] s = new int[at + 1];
                    s[at] = choice;
                    Case v = new Case(c.title(), c.variant(), c.faults(), c.expect(), c.provenance(), c.world(), c.steps(), s);
                    CaseResult r = Runs.runFindings(v, false);
                    boolean hit = probe != null ? r.probes().containsKey(probe)
                            : r.verdict().equals(System.getProperty("inv", "REG_ON_BROKEN_REFUSED"));
                    if (hit) {
                        hitAt.merge(at + "/" + choice, 1, Integer::sum);
                        if (!any && casesWithHit < 2) {
                            System.out.println(CaseWriter.write(v));
                        }
                        any = true;
                    }
                }
            }
            if (any) {
                casesWithHit++;
            }
        }
        System.out.println("SWEEP cases=" + n + " withHit=" + casesWithHit + " hitAt=" + hitAt);
    }
}
