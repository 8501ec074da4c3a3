package io.mapdirect.report;

import io.mapdirect.check.Violation;
import io.mapdirect.corpus.CaseVerdict;
import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.kernel.KEvent;
import io.mapdirect.sim.VirtualClock;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A picture of one run as a self-contained HTML page ({@code ./mapdirect explain CASE --html OUT}):
 * a lane per task down the virtual time axis, each operation a box coloured by what it returned,
 * model events in their task's lane, each violation a red band at the step it was seen, then the
 * violations, the state line and the case text. Laid out by {@link RunLayout} from the run's event
 * log; a CSS grid does the drawing, so the page needs no script and no external resource.
 */
public final class RunPage {
    /** What the page shows about a run, besides its events. */
    public record Run(String name, Case replayed, CaseResult result, CaseVerdict verdict, String replayCommand) { }

    private RunPage() {
    }

    /** The page of {@code run}, showing the model events {@code detail} accepts. */
    public static String render(Run run, Predicate<KEvent> detail) {
        RunLayout layout = RunLayout.of(run.result().world().kernel().events().entries(), detail, run.result().violations());
        StringBuilder body = new StringBuilder();
        header(body, run);
        legend(body);
        timeline(body, layout);
        violations(body, run.result().violations());
        state(body, StateLine.of(run.result().world()));
        body.append("<h2>The case</h2>\n<details><summary>").append(HtmlText.escape(run.name()))
                .append(" as corpus text</summary>\n<pre id=\"case-text\">")
                .append(HtmlText.escape(CaseWriter.write(run.replayed()))).append("</pre></details>\n");
        return HtmlText.page(run.name() + ": " + run.replayed().title(), style(layout), body.toString());
    }

    private static void header(StringBuilder body, Run run) {
        Case c = run.replayed();
        CaseVerdict verdict = run.verdict();
        body.append("<h1>").append(HtmlText.escape(c.title())).append("</h1>\n")
                .append("<p class=\"meta\"><code>").append(HtmlText.escape(run.name())).append("</code> · variant <b>")
                .append(c.variant()).append("</b> · faults ").append(c.faults().isEmpty() ? "none" : c.faults())
                .append(" · replay: <code>").append(HtmlText.escape(run.replayCommand())).append("</code></p>\n")
                .append("<p class=\"meta\" id=\"verdict\" data-ok=\"").append(verdict.ok()).append("\">verdict: <b>")
                .append(HtmlText.escape(verdict.actual())).append("</b> (expected ").append(HtmlText.escape(c.expect()))
                .append(")").append(verdict.ok() ? "" : " <b class=\"mismatch\">MISMATCH: "
                        + HtmlText.escape(String.join("; ", verdict.problems())) + "</b>")
                .append(" · run: ").append(HtmlText.escape(run.result().outcome().describe())).append(", ")
                .append(run.result().steps()).append(" steps, ").append(run.result().switches()).append(" switches</p>\n");
    }

    private static void legend(StringBuilder body) {
        body.append("<p class=\"legend\">");
        for (String[] item : new String[][] {{"ok", "returned a value"}, {"errno", "returned an errno"},
                {"fault", "signal or failed DMA"}, {"pending", "never returned"}}) {
            body.append("<span><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><rect class=\"swatch-").append(item[0])
                    .append("\" x=\"1\" y=\"1\" width=\"12\" height=\"12\" rx=\"3\"/></svg> ").append(item[1]).append("</span>");
        }
        body.append("<span><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><rect class=\"swatch-violation\" x=\"1\" y=\"1\""
                + " width=\"12\" height=\"12\" rx=\"3\"/></svg> invariant violated here</span>"
                + "<span class=\"meta\">time runs down; a dashed line where virtual time moves on</span></p>\n");
    }

    private static void timeline(StringBuilder body, RunLayout layout) {
        body.append("<div class=\"timeline\" id=\"timeline\" data-lanes=\"").append(layout.lanes().size())
                .append("\" data-rows=\"").append(layout.rows()).append("\">\n");
        body.append("<div class=\"corner\" style=\"grid-row:1;grid-column:1\">virtual time</div>\n");
        for (int lane = 0; lane < layout.lanes().size(); lane++) {
            String name = HtmlText.escape(layout.lanes().get(lane));
            body.append(String.format(Locale.ROOT, "<div class=\"lane-name\" data-lane=\"%s\" style=\"grid-row:1;grid-column:%d\">%s</div>%n",
                    name, lane + 2, name));
            body.append(String.format(Locale.ROOT, "<div class=\"lane\" data-lane=\"%s\" style=\"grid-row:2 / %d;grid-column:%d\"></div>%n",
                    name, layout.rows() + 2, lane + 2));
        }
        for (RunLayout.TimeTick tick : layout.ticks()) {
            body.append(String.format(Locale.ROOT, "<div class=\"time\" style=\"grid-row:%d\">%s</div>%n", tick.row() + 2,
                    VirtualClock.formatNs(tick.timeNs())));
            if (tick.row() > 0) {
                body.append(String.format(Locale.ROOT, "<div class=\"tick\" style=\"grid-row:%d\"></div>%n", tick.row() + 2));
            }
        }
        for (RunLayout.OpBox op : layout.ops()) {
            operation(body, layout, op);
        }
        for (RunLayout.EventMark event : layout.events()) {
            body.append(String.format(Locale.ROOT, "<div class=\"event family-%s\" data-lane=\"%s\" style=\"grid-row:%d;grid-column:%d\">%s</div>%n",
                    event.family(), HtmlText.escape(layout.lanes().get(event.lane())), event.row() + 2, event.lane() + 2,
                    HtmlText.escape(event.text())));
        }
        int number = 0;
        for (RunLayout.ViolationMark mark : layout.violations()) {
            Violation v = mark.violation();
            body.append(String.format(Locale.ROOT, "<div class=\"violation\" id=\"violation-%d\" data-invariant=\"%s\" data-task=\"%s\""
                            + " data-step=\"%d\" style=\"grid-row:%d\">VIOLATED %s</div>%n", ++number, v.id(),
                    HtmlText.escape(v.task()), v.step(), mark.row() + 2, HtmlText.escape(v.describe())));
        }
        body.append("</div>\n");
    }

    private static void operation(StringBuilder body, RunLayout layout, RunLayout.OpBox op) {
        String kind = op.kind().name().toLowerCase(Locale.ROOT);
        String lane = HtmlText.escape(layout.lanes().get(op.lane()));
        String call = HtmlText.escape(op.call());
        String result = HtmlText.escape(op.result());
        body.append(String.format(Locale.ROOT, "<div class=\"op %s\" data-lane=\"%s\" data-op=\"%s#%d\" data-result=\"%s\""
                        + " title=\"%s = %s\" style=\"grid-row:%d / %d;grid-column:%d\"></div>%n", kind, lane,
                HtmlText.escape(op.actor()), op.index(), result, call, result, op.firstRow() + 2, op.lastRow() + 3, op.lane() + 2));
        String position = "style=\"grid-row:%d;grid-column:" + (op.lane() + 2) + "\"";
        if (op.firstRow() == op.lastRow()) {
            body.append(String.format(Locale.ROOT, "<div class=\"op-label\" " + position + ">%s <span class=\"op-result %s\">= %s</span></div>%n",
                    op.firstRow() + 2, call, kind, result));
            return;
        }
        body.append(String.format(Locale.ROOT, "<div class=\"op-label\" " + position + ">%s</div>%n", op.firstRow() + 2, call));
        body.append(String.format(Locale.ROOT, "<div class=\"op-label\" " + position + "><span class=\"op-result %s\">= %s</span></div>%n",
                op.lastRow() + 2, kind, result));
    }

    private static void violations(StringBuilder body, List<Violation> violations) {
        body.append("<h2>Violations</h2>\n");
        if (violations.isEmpty()) {
            body.append("<p id=\"violations\" class=\"meta\">none</p>\n");
            return;
        }
        body.append("<ul id=\"violations\">\n");
        for (Violation v : violations) {
            body.append("<li><b>").append(v.id()).append("</b> ").append(HtmlText.escape(v.describe())).append("</li>\n");
        }
        body.append("</ul>\n");
    }

    private static void state(StringBuilder body, String stateLine) {
        body.append("<h2>State at the end</h2>\n<ul id=\"state\" class=\"mono\">\n");
        for (String part : stateLine.substring("state: ".length()).split("; ")) {
            body.append("<li>").append(HtmlText.escape(part)).append("</li>\n");
        }
        body.append("</ul>\n");
    }

    private static String style(RunLayout layout) {
        return String.format(Locale.ROOT, """
                .legend { display: flex; flex-wrap: wrap; gap: 1.2em; align-items: center; margin: .8em 0; }
                .legend span { display: inline-flex; align-items: center; gap: .35em; }
                .swatch-ok { fill: var(--ok); stroke: var(--ok-edge); } .swatch-errno { fill: var(--errno); stroke: var(--errno-edge); }
                .swatch-fault { fill: var(--fault); stroke: var(--fault-edge); }
                .swatch-pending { fill: var(--pending); stroke: var(--pending-edge); }
                .swatch-violation { fill: #b22222; }
                .timeline { display: grid; grid-template-columns: 8.5em repeat(%d, minmax(13.5em, 1fr));
                            grid-auto-rows: minmax(1.6em, auto); column-gap: 8px; row-gap: 3px; }
                .corner, .lane-name { position: sticky; top: 0; z-index: 6; background: #fbfbfd; padding: 4px 6px;
                                      border-bottom: 2px solid var(--line); font-weight: 600; }
                .corner { color: var(--muted); font-weight: 500; }
                .lane { background: #f1f1f6; border-radius: 6px; z-index: 0; }
                .time { grid-column: 1; text-align: right; padding: 3px 8px 0 0; color: var(--muted);
                        font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
                .tick { grid-column: 2 / -1; border-top: 1px dashed #a8a8b8; height: 0; align-self: start; z-index: 1; }
                .op { border: 1.5px solid; border-radius: 7px; z-index: 1; margin: 0 2px; }
                .op.ok { background: var(--ok); border-color: var(--ok-edge); }
                .op.errno { background: var(--errno); border-color: var(--errno-edge); }
                .op.fault { background: var(--fault); border-color: var(--fault-edge); }
                .op.pending { background: var(--pending); border-color: var(--pending-edge); border-style: dashed; }
                .op-label { z-index: 3; padding: 3px 9px; overflow-wrap: anywhere;
                            font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
                .op-result { font-weight: 700; white-space: nowrap; }
                .op-result.errno { color: #8a5a00; } .op-result.fault { color: #a01010; } .op-result.pending { color: #555; }
                .event { z-index: 3; margin: 1px 8px 1px 16px; padding: 1px 6px; font-size: 11.5px; overflow-wrap: anywhere;
                         background: rgba(255,255,255,.9); border-left: 4px solid #9a9aaa; border-radius: 3px; }
                .family-locks { border-left-color: #7b3fb5; } .family-mapdirect { border-left-color: #c2185b; }
                .family-xfs { border-left-color: #00838f; } .family-fs { border-left-color: #5d7b1f; }
                .family-mm { border-left-color: #e65100; } .family-proc { border-left-color: #b71c1c; }
                .family-iommu { border-left-color: #1565c0; } .family-nic { border-left-color: #283593; }
                .violation { grid-column: 1 / -1; z-index: 5; background: #b22222; color: #fff; font-weight: 600;
                             padding: 4px 10px; border-radius: 5px; overflow-wrap: anywhere; scroll-margin-top: 3em; }
                .mismatch { color: #b22222; }
                #state li { margin: .15em 0; }
                """, Math.max(1, layout.lanes().size()));
    }
}
