package io.mapdirect.killmatrix;

import io.mapdirect.check.InvariantId;
import io.mapdirect.gen.CaseGen;
import io.mapdirect.gen.PctSchedules;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseMinimizer;
import io.mapdirect.harness.CaseSampler;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.InjectedFault;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.TestFault;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * The kill matrix's tables and its hunt. Each known bug is a fault that puts the bug back at the place
 * the posted code is wrong ({@link #TABLE}, hunted by the build from the CI seeds); each hand-break is
 * a test-only fault, a plausible kernel bug written into one place of the model ({@link #HAND_BREAKS},
 * hunted by {@code ./mapdirect hunt --hand-breaks}). The hunt samples the property suites' generated
 * cases for the fault's variant with the fault on, runs each with the checkers of the invariants the
 * variant must keep, and stops at the first case that breaks the expected invariant, which it
 * minimizes (keeping that invariant broken). The generator draws the same cases whichever fault is on.
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

    /**
     * Every hand-break ({@link TestFault#isHandBreak()}), in the order of their numbers, its variant and
     * the invariant it breaks.
     */
    public static final List<KillRow> HAND_BREAKS = List.of(
            new KillRow(TestFault.IOMMU_UNMAP_SKIPS_IOTLB, Variant.V8, InvariantId.IOTLB_STRICT),
            new KillRow(TestFault.LAZY_UNMAP_FREES_IOVA_EARLY, Variant.V8, InvariantId.DMA_TO_FOREIGN_BLOCK),
            new KillRow(TestFault.UMEM_RELEASE_KEEPS_LAST_PIN, Variant.V8, InvariantId.NO_LEAK),
            new KillRow(TestFault.ODP_INVALIDATE_NO_SEQ_BUMP, Variant.ODP, InvariantId.ODP_COHERENT),
            new KillRow(TestFault.MAP_DIRECT_BREAK_NO_SIGIO, Variant.V8, InvariantId.SIGIO_ON_BREAK),
            new KillRow(TestFault.PUNCH_HOLE_NO_BREAK_LAYOUTS, Variant.V8, InvariantId.BLOCKMAP_FROZEN),
            new KillRow(TestFault.SPLIT_VMA_NO_OPEN, Variant.V8, InvariantId.REFCOUNT),
            new KillRow(TestFault.LEASE_DIRECT_UNLOCK_FIRST, Variant.V8, InvariantId.LEASE_HELD_UNTIL_REVOKED),
            new KillRow(TestFault.IOVA_SEARCH_OVERLAPS_BELOW, Variant.V8, InvariantId.IOVA_NO_REUSE),
            new KillRow(TestFault.FLUSH_QUEUE_DRAIN_KEEPS_IOVA, Variant.V8, InvariantId.NO_LEAK),
            new KillRow(TestFault.ODP_FAULT_SEQ_READ_LATE, Variant.ODP, InvariantId.ODP_COHERENT),
            new KillRow(TestFault.LEASE_UNLOCK_KEEPS_FASYNC, Variant.V8, InvariantId.NO_LEAK),
            new KillRow(TestFault.XFS_LOG_FORCE_SIZE_ONLY, Variant.V8, InvariantId.USERSPACE_FLUSH_DURABLE),
            new KillRow(TestFault.DEVDAX_KILL_BREAK_NOWAIT, Variant.V8, InvariantId.DMA_TO_FOREIGN_BLOCK),
            new KillRow(TestFault.GUP_ERROR_KEEPS_PINS, Variant.V8, InvariantId.NO_LEAK),
            new KillRow(TestFault.FORK_NO_GET_FILE, Variant.V8, InvariantId.REFCOUNT));

    /**
     * The hand-breaks the build hunts ({@code HandBreakKillMatrixTest}): all sixteen, since
     * {@code ./mapdirect hunt --hand-breaks} finds every one from every one of its ten seeds within
     * 2,000 tries and, from the build's seed, within 800 (2026-12-06, docs/experiments.md).
     */
    public static final List<KillRow> HAND_BREAKS_CI = HAND_BREAKS;
    /** The one seed the build hunts the hand-breaks from. */
    public static final String HAND_BREAK_CI_SEED = "20171006";
    /** Tries per hand-break in the build. */
    public static final int HAND_BREAK_CI_BUDGET = 800;

    private KillMatrix() {
    }

    /** The row of {@code fault}, in either table. */
    public static KillRow rowOf(InjectedFault fault) {
        return Stream.concat(TABLE.stream(), HAND_BREAKS.stream()).filter(r -> r.fault() == fault).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no kill-matrix row for " + fault));
    }

    /** Hunts {@code row}'s fault from {@code seed} with at most {@code budget} generated cases. */
    public static HuntOutcome hunt(KillRow row, String seed, int budget) {
        return hunt(row, seed, budget, 0);
    }

    /**
     * Hunts as {@link #hunt(KillRow, String, int)} with {@code pctPercent} percent of the cases given a
     * PCT schedule ({@link PctSchedules}), compiled on the case with the row's fault on. At 0 the cases
     * are exactly those of {@link #hunt(KillRow, String, int)}.
     */
    public static HuntOutcome hunt(KillRow row, String seed, int budget, int pctPercent) {
        Arbitrary<Case> plain = CaseGen.cases(row.variant(), Set.of()).map(row::inject);
        Arbitrary<Case> source = pctPercent == 0 ? plain : pctPercent == 100 ? PctSchedules.of(plain)
                : Arbitraries.frequencyOf(Tuple.of(100 - pctPercent, plain), Tuple.of(pctPercent, PctSchedules.of(plain)));
        Iterator<Case> cases = CaseSampler.stream(source, seed);
        for (int tries = 1; tries <= budget; tries++) {
            Case c = row.inject(cases.next());
            if (breaksExpected(row, c)) {
                Case shrunk = new CaseMinimizer(candidate -> breaksExpected(row, candidate)).minimize(c);
                return new HuntOutcome(row, seed, tries, shrunk.steps().size(), CaseMinimizer.switches(shrunk), shrunk);
            }
        }
        return HuntOutcome.missed(row, seed);
    }

    private static boolean breaksExpected(KillRow row, Case c) {
        return Runs.runFindings(c, false).violated(row.expected());
    }
}
