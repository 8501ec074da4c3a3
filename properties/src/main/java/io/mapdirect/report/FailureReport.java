package io.mapdirect.report;

import io.mapdirect.check.Violation;
import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.kernel.KEvent;
import java.util.function.Predicate;

/**
 * The report of a failing case for a kernel engineer: it starts with the seed and the command that
 * replays it, then the invariant, step and objects, the shrunk case as corpus text, the per-task
 * timeline and a compact state line.
 */
public final class FailureReport {
    /** Which model events the timeline of a report shows. */
    public static final Predicate<KEvent> DETAIL = ExplainFilter.INVARIANT_RELEVANT;

    private FailureReport() {
    }

    /**
     * @param seed      the seed that found it (or "-" for a corpus case)
     * @param replay    the command that replays it
     */
    public static String render(String seed, String replay, Case shrunk, CaseResult result) {
        StringBuilder out = new StringBuilder();
        out.append("seed ").append(seed).append(" — replay: ").append(replay).append('\n');
        for (Violation violation : result.violations()) {
            out.append("VIOLATED ").append(violation.describe()).append('\n');
        }
        out.append("run: ").append(result.outcome().describe()).append(", ").append(result.steps()).append(" steps, ")
                .append(result.switches()).append(" switches\n\n");
        out.append(CaseWriter.write(shrunk)).append('\n');
        out.append(Timeline.render(result.world().kernel().events().entries(), DETAIL, 34)).append('\n');
        out.append(StateLine.of(result.world())).append('\n');
        return out.toString();
    }
}
