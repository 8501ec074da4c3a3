package io.mapdirect.killmatrix;

import io.mapdirect.check.InvariantId;
import io.mapdirect.gen.CaseGen;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseMinimizer;
import io.mapdirect.harness.CaseSampler;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.KnownBug;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The kill matrix's table and its hunt. Each known bug is a fault that puts the bug back at the place
 * the posted code is wrong; the hunt samples the property suites' generated cases for the fault's
 * variant with the fault on, runs each with the checkers of the invariants the variant must keep, and
 * stops at the first case that breaks the expected invariant, which it minimizes (keeping that
 * invariant broken).
 */
public final class KillMatrix {
    /** Tries per fault and seed in the build. */
    public static final int CI_BUDGET = 2000;
    /** The seeds the build hunts from. */
    public static final List<String> CI_SEEDS = List.of("20171006", "20171009");

    /** Every known bug, its variant and the invariant it breaks. */
    public static final List<KillRow> TABLE = List.of(
            new KillRow(KnownBug.BREAK_LAYOUTS_PRECEDENCE, Variant.V8, InvariantId.BLOCKMAP_FROZEN),
            new KillRow(KnownBug.INVALIDATE_AFTER_VMA_CLOSE, Variant.V8, InvariantId.NO_OOPS),
            new KillRow(KnownBug.UMEM_BREAK_WRONG_OWNER, Variant.V8, InvariantId.DMA_AFTER_REVOKE),
            new KillRow(KnownBug.LEASE_ERR_PATH, Variant.V8, InvariantId.REFCOUNT),
            new KillRow(KnownBug.V7_UNMAP_AT_BREAK, Variant.V8, InvariantId.IOVA_NO_REUSE),
            new KillRow(KnownBug.LAZY_IOTLB, Variant.V8, InvariantId.IOTLB_STRICT),
            new KillRow(KnownBug.IDENTITY_HAS_IOMMU, Variant.V7, InvariantId.DAX_REG_NEEDS_IOMMU),
            new KillRow(KnownBug.ALLOC_FAULT_NO_BREAK, Variant.V8, InvariantId.BREAKER_NOT_FAILED),
            new KillRow(KnownBug.REFLINK_MISSED, Variant.V8, InvariantId.BLOCKMAP_FROZEN),
            new KillRow(KnownBug.LEASE_DIRECT_CHECK_FIRST, Variant.V8, InvariantId.REG_ON_BROKEN_REFUSED),
            new KillRow(KnownBug.NO_FAULT_FLUSH, Variant.V8, InvariantId.BLOCKMAP_FROZEN),
            new KillRow(KnownBug.DEVDAX_KILL_NO_BREAK, Variant.V8, InvariantId.DMA_TO_FOREIGN_BLOCK));

    private KillMatrix() {
    }

    /** The row of {@code fault}. */
    public static KillRow rowOf(KnownBug fault) {
        return TABLE.stream().filter(r -> r.fault() == fault).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no kill-matrix row for " + fault));
    }

    /** Hunts {@code row}'s fault from {@code seed} with at most {@code budget} generated cases. */
    public static HuntOutcome hunt(KillRow row, String seed, int budget) {
        return hunt(row, seed, budget, 0);
    }

    /**
     * Hunts as {@link #hunt(KillRow, String, int)} with {@code pctPercent} percent of the cases given a
     * PCT schedule ({@link CaseGen#cases(io.mapdirect.harness.Variant, Set, int)}).
     */
    public static HuntOutcome hunt(KillRow row, String seed, int budget, int pctPercent) {
        Iterator<Case> cases = CaseSampler.stream(CaseGen.cases(row.variant(), Set.of(row.fault()), pctPercent), seed);
        for (int tries = 1; tries <= budget; tries++) {
            Case c = cases.next();
            if (breaksExpected(row, c)) {
                Case shrunk = new CaseMinimizer(candidate -> breaksExpected(row, candidate)).minimize(c);
                return new HuntOutcome(row, seed, tries, shrunk.steps().size(), CaseMinimizer.switches(shrunk));
            }
        }
        return HuntOutcome.missed(row, seed);
    }

    private static boolean breaksExpected(KillRow row, Case c) {
        return Runs.runFindings(c, false).violated(row.expected());
    }
}
