package io.mapdirect.props;

import io.mapdirect.kernel.KnownBug;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scratch (not run by surefire): the kill matrix's hunt over seeds 20171001..20171000+N for one
 * fault ({@code -Dfault=NAME}) or all ({@code -Dfault=ALL}); prints tries to detection (-1: missed
 * within the budget) and the shrunk case's operations per seed. Used for the README's medians.
 */
class HuntScratch {
    @Test
    void hunt() {
        String which = System.getProperty("fault", "ALL");
        int seeds = Integer.getInteger("seeds", 10);
        List<KillMatrixTest.Row> rows = KillMatrixTest.TABLE.stream()
                .filter(r -> which.equals("ALL") || r.fault() == KnownBug.valueOf(which)).toList();
        for (KillMatrixTest.Row row : rows) {
            StringBuilder tries = new StringBuilder();
            StringBuilder ops = new StringBuilder();
            for (int s = 1; s <= seeds; s++) {
                KillMatrixTest.Outcome o = KillMatrixTest.hunt(row, String.valueOf(20171000 + s));
                tries.append(' ').append(o.triesToDetect());
                ops.append(' ').append(o.shrunkOps());
            }
            System.out.println("HUNT " + row.fault() + " tries:" + tries + " ops:" + ops);
        }
    }
}
