package io.mapdirect.props;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.killmatrix.HuntOutcome;
import io.mapdirect.killmatrix.KillMatrix;
import io.mapdirect.killmatrix.KillRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kill matrix (spec §5 and §6, docs/spec.md): every known bug of the posted code,
 * injected into the variant it belongs to, must be caught by the invariant it breaks within
 * {@link #BUDGET} generated cases from every CI seed ({@link KillMatrix#hunt}); the case that caught it
 * is minimized and its size reported. The generator and the checkers are the property suite's,
 * unchanged: nothing here tells them which fault is on. Prints a table and writes
 * {@code target/kill-matrix.json}. The correct variants are checked by the variant properties.
 * {@code ./mapdirect hunt} runs the same hunt from other seeds.
 */
class KillMatrixTest {
    static final int BUDGET = KillMatrix.CI_BUDGET;
    static final List<String> SEEDS = KillMatrix.CI_SEEDS;
    static final List<KillRow> TABLE = KillMatrix.TABLE;

    @Test
    void everyFaultIsCaughtByTheInvariantItBreaks() throws IOException {
        List<HuntOutcome> outcomes = new ArrayList<>();
        for (KillRow row : TABLE) {
            for (String seed : SEEDS) {
                outcomes.add(KillMatrix.hunt(row, seed, BUDGET));
            }
        }
        String table = render(outcomes);
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "kill-matrix.json"), json(outcomes));
        assertThat(outcomes).as(table).allSatisfy(o -> assertThat(o.detected())
                .as(o.row().fault() + " from seed " + o.seed()).isTrue());
    }

    static String render(List<HuntOutcome> outcomes) {
        StringBuilder out = new StringBuilder(String.format("%-28s %-9s %-22s %-9s %8s %6s %9s%n", "fault", "variant",
                "expected invariant", "seed", "tries", "ops", "switches"));
        for (HuntOutcome o : outcomes) {
            out.append(String.format("%-28s %-9s %-22s %-9s %8s %6d %9d%n", o.row().fault(), o.row().variant(),
                    o.row().expected(), o.seed(), o.detected() ? Integer.toString(o.triesToDetect()) : "MISSED",
                    o.shrunkOps(), o.shrunkSwitches()));
        }
        return out.toString();
    }

    /** One object per fault: the worst seed's tries, the first seed's shrunk case. */
    static String json(List<HuntOutcome> outcomes) {
        StringBuilder out = new StringBuilder("[\n");
        for (int i = 0; i < TABLE.size(); i++) {
            KillRow row = TABLE.get(i);
            List<HuntOutcome> mine = outcomes.stream().filter(o -> o.row() == row).toList();
            boolean detected = mine.stream().allMatch(HuntOutcome::detected);
            int worst = mine.stream().mapToInt(HuntOutcome::triesToDetect).max().orElse(-1);
            HuntOutcome first = mine.get(0);
            out.append(String.format("  {\"fault\": \"%s\", \"variant\": \"%s\", \"expectedInvariant\": \"%s\", "
                            + "\"detected\": %s, \"triesToDetect\": %d, \"shrunkOps\": %d, \"shrunkSwitches\": %d, "
                            + "\"triesPerSeed\": %s}%s%n", row.fault(), row.variant(), row.expected(), detected,
                    detected ? worst : -1, first.shrunkOps(), first.shrunkSwitches(),
                    mine.stream().map(o -> Integer.toString(o.triesToDetect())).toList(), i + 1 < TABLE.size() ? "," : ""));
        }
        return out.append("]\n").toString();
    }
}
