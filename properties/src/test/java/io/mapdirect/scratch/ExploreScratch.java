package io.mapdirect.scratch;

import io.mapdirect.check.InvariantId;
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
import net.jqwik.api.Example;

class ExploreScratch {
    record Target(KnownBug bug, Variant variant, InvariantId expected) { }

    @Example
    void explore() {
        String only = System.getenv("ONLY");
        Target[] targets = {
            new Target(null, Variant.V8, null),
            new Target(KnownBug.INVALIDATE_AFTER_VMA_CLOSE, Variant.V8, InvariantId.NO_OOPS),
            new Target(KnownBug.NO_FAULT_FLUSH, Variant.V8, InvariantId.BLOCKMAP_FROZEN),
            new Target(KnownBug.ALLOC_FAULT_NO_BREAK, Variant.V8, InvariantId.BREAKER_NOT_FAILED),
            new Target(KnownBug.REFLINK_MISSED, Variant.V8, InvariantId.BLOCKMAP_FROZEN),
            new Target(KnownBug.BREAK_LAYOUTS_PRECEDENCE, Variant.V8, InvariantId.BLOCKMAP_FROZEN),
            new Target(KnownBug.UMEM_BREAK_WRONG_OWNER, Variant.V8, InvariantId.DMA_AFTER_REVOKE),
            new Target(KnownBug.LEASE_ERR_PATH, Variant.V8, InvariantId.REFCOUNT),
            new Target(KnownBug.V7_UNMAP_AT_BREAK, Variant.V8, InvariantId.IOVA_NO_REUSE),
            new Target(KnownBug.LAZY_IOTLB, Variant.V8, InvariantId.IOTLB_STRICT),
            new Target(KnownBug.IDENTITY_HAS_IOMMU, Variant.V7, InvariantId.DAX_REG_NEEDS_IOMMU),
            new Target(KnownBug.LEASE_DIRECT_CHECK_FIRST, Variant.V8, InvariantId.REG_ON_BROKEN_REFUSED),
            new Target(KnownBug.DEVDAX_KILL_NO_BREAK, Variant.V8, InvariantId.DMA_TO_FOREIGN_BLOCK),
            new Target(null, Variant.V7, null),
            new Target(null, Variant.V8_GRACE, null),
            new Target(null, Variant.REMAP, null),
            new Target(null, Variant.ODP, null),
            new Target(null, Variant.UPSTREAM, null),
        };
        int budget = Integer.parseInt(System.getenv().getOrDefault("BUDGET", "2000"));
        for (Target t : targets) {
            if (only != null && !String.valueOf(t.bug()).equals(only) && !t.variant().name().equals(only)) {
                continue;
            }
            Arbitrary<Case> cases = CaseGen.cases(t.variant(), t.bug() == null ? Set.of() : Set.of(t.bug()));
            Map<String, Integer> verdicts = new TreeMap<>();
            var it = cases.generator(100).stream(new java.util.Random(42)).iterator();
            int firstHit = -1;
            long start = System.nanoTime();
            long steps = 0;
            int n = 0;
            for (; n < budget; n++) {
                Case c = it.next().value();
                CaseResult r = Runs.runFindings(c, true);
                steps += r.steps();
                if (!r.passed() && System.getenv("SHOW") != null && !verdicts.containsKey(r.verdict())) {
                    System.out.println(io.mapdirect.report.FailureReport.render("42", "-", c, r));
                }
                verdicts.merge(r.verdict(), 1, Integer::sum);
                if (t.expected() != null && r.violated(t.expected()) && firstHit < 0) {
                    firstHit = n + 1;
                    if (System.getenv("SHOW") != null) {
                        System.out.println(io.mapdirect.report.FailureReport.render("42", "-", c, r));
                    }
                    if (t.bug() != null) {
                        break;
                    }
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.println("== " + t.variant() + " " + t.bug() + " first " + t.expected() + " at try " + firstHit + " verdicts=" + verdicts
                    + String.format(" %.0f cases/s %.0f steps/s", n / secs, steps / secs));
        }
    }
}
