package io.mapdirect.props;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.killmatrix.HuntOutcome;
import io.mapdirect.killmatrix.KillMatrix;
import io.mapdirect.killmatrix.KillRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-breaks' kill matrix in the build: every hand-break
 * ({@link KillMatrix#HAND_BREAKS_CI}, all sixteen) must be caught by the invariant its row names within
 * {@link KillMatrix#HAND_BREAK_CI_BUDGET} generated cases from one seed. Same generator and checkers as
 * {@link KillMatrixTest}, nothing told which fault is on. The whole table, from ten seeds, is
 * {@code ./mapdirect hunt --hand-breaks} (docs/experiments.md, "Hand-breaks").
 */
class HandBreakKillMatrixTest {
    @Test
    void everyHandBreakIsCaughtByTheInvariantItBreaks() {
        List<HuntOutcome> outcomes = new ArrayList<>();
        for (KillRow row : KillMatrix.HAND_BREAKS_CI) {
            outcomes.add(KillMatrix.hunt(row, KillMatrix.HAND_BREAK_CI_SEED, KillMatrix.HAND_BREAK_CI_BUDGET));
        }
        String table = KillMatrixTest.render(outcomes);
        System.out.println(table);
        assertThat(outcomes).as(table).allSatisfy(o -> assertThat(o.detected())
                .as(o.row().fault() + " from seed " + o.seed()).isTrue());
    }
}
