package io.mapdirect.props;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.check.InvariantId;
import io.mapdirect.gen.CaseGen;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseMinimizer;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.CaseSampler;
import io.mapdirect.harness.Runs;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.KnownBug;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The kill matrix (SPEC 5 and 6): every known bug of the seed, injected into the variant it belongs
 * to, must be caught by the invariant it breaks within {@link #BUDGET} generated cases from every CI
 * seed; the case that caught it is minimized and its size reported. The generator and the checkers
 * are the property suite's, unchanged: nothing here tells them which fault is on. Prints a table and
 * writes {@code target/kill-matrix.json}. The correct variants are checked by the variant properties.
 */
class KillMatrixTest {
    /** Tries per fault and seed. */
    static final int BUDGET = 2000;
    /** The CI seed list. */
    static final List<String> SEEDS = List.of("20171006", "20171009");

    /** A fault, the variant it belongs to and the invariant it breaks. */
    record Row(KnownBug fault, Variant variant, InvariantId expected) { }

    static final List<Row> TABLE = List.of(
            new Row(KnownBug.BREAK_LAYOUTS_PRECEDENCE, Variant.V8, InvariantId.BLOCKMAP_FROZEN),
            new Row(KnownBug.INVALIDATE_AFTER_VMA_CLOSE, Variant.V8, InvariantId.NO_OOPS),
            new Row(KnownBug.UMEM_BREAK_WRONG_OWNER, Variant.V8, InvariantId.DMA_AFTER_REVOKE),
            new Row(KnownBug.LEASE_ERR_PATH, Variant.V8, InvariantId.REFCOUNT),
            new Row(KnownBug.V7_UNMAP_AT_BREAK, Variant.V8, InvariantId.IOVA_NO_REUSE),
            new Row(KnownBug.LAZY_IOTLB, Variant.V8, InvariantId.IOTLB_STRICT),
            new Row(KnownBug.IDENTITY_HAS_IOMMU, Variant.V7, InvariantId.DAX_REG_NEEDS_IOMMU),
            new Row(KnownBug.ALLOC_FAULT_NO_BREAK, Variant.V8, InvariantId.BREAKER_NOT_FAILED),
            new Row(KnownBug.REFLINK_MISSED, Variant.V8, InvariantId.BLOCKMAP_FROZEN),
            new Row(KnownBug.LEASE_DIRECT_CHECK_FIRST, Variant.V8, InvariantId.REG_ON_BROKEN_REFUSED),
            new Row(KnownBug.NO_FAULT_FLUSH, Variant.V8, InvariantId.BLOCKMAP_FROZEN),
            new Row(KnownBug.DEVDAX_KILL_NO_BREAK, Variant.V8, InvariantId.DMA_TO_FOREIGN_BLOCK));

    /** What one fault gave from one seed. */
    record Outcome(Row row, String seed, int triesToDetect, int shrunkOps, int shrunkSwitches) {
        boolean detected() {
            return triesToDetect > 0;
        }
    }

    @Test
    void everyFaultIsCaughtByTheInvariantItBreaks() throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        for (Row row : TABLE) {
            for (String seed : SEEDS) {
                outcomes.add(hunt(row, seed));
            }
        }
        String table = render(outcomes);
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "kill-matrix.json"), json(outcomes));
        assertThat(outcomes).as(table).allSatisfy(o -> assertThat(o.detected())
                .as(o.row().fault() + " from seed " + o.seed()).isTrue());
    }

    static Outcome hunt(Row row, String seed) {
        Iterator<Case> cases = CaseSampler.stream(CaseGen.cases(row.variant(), Set.of(row.fault())), seed);
        for (int tries = 1; tries <= BUDGET; tries++) {
            Case c = cases.next();
            CaseResult result = Runs.runFindings(c, false);
            if (result.violated(row.expected())) {
                Case shrunk = new CaseMinimizer(candidate -> Runs.runFindings(candidate, false).violated(row.expected()))
                        .minimize(c);
                return new Outcome(row, seed, tries, shrunk.steps().size(), CaseMinimizer.switches(shrunk));
            }
        }
        return new Outcome(row, seed, -1, -1, -1);
    }

    static String render(List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder(String.format("%-28s %-9s %-22s %-9s %8s %6s %9s%n", "fault", "variant",
                "expected invariant", "seed", "tries", "ops", "switches"));
        for (Outcome o : outcomes) {
            out.append(String.format("%-28s %-9s %-22s %-9s %8s %6d %9d%n", o.row().fault(), o.row().variant(),
                    o.row().expected(), o.seed(), o.detected() ? Integer.toString(o.triesToDetect()) : "MISSED",
                    o.shrunkOps(), o.shrunkSwitches()));
        }
        return out.toString();
    }

    /** One object per fault: the worst seed's tries, the first seed's shrunk case. */
    static String json(List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder("[\n");
        for (int i = 0; i < TABLE.size(); i++) {
            Row row = TABLE.get(i);
            List<Outcome> mine = outcomes.stream().filter(o -> o.row() == row).toList();
            boolean detected = mine.stream().allMatch(Outcome::detected);
            int worst = mine.stream().mapToInt(Outcome::triesToDetect).max().orElse(-1);
            Outcome first = mine.get(0);
            out.append(String.format("  {\"fault\": \"%s\", \"variant\": \"%s\", \"expectedInvariant\": \"%s\", "
                            + "\"detected\": %s, \"triesToDetect\": %d, \"shrunkOps\": %d, \"shrunkSwitches\": %d, "
                            + "\"triesPerSeed\": %s}%s%n", row.fault(), row.variant(), row.expected(), detected,
                    detected ? worst : -1, first.shrunkOps(), first.shrunkSwitches(),
                    mine.stream().map(o -> Integer.toString(o.triesToDetect())).toList(), i + 1 < TABLE.size() ? "," : ""));
        }
        return out.append("]\n").toString();
    }
}
