package io.mapdirect.report;

import io.mapdirect.check.InvariantId;
import io.mapdirect.verdict.Cell;
import io.mapdirect.verdict.VariantVerdict;
import io.mapdirect.verdict.VerdictTable;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The verdict table as a coloured grid on one self-contained HTML page
 * ({@code ./mapdirect verdicts --html OUT}): invariants down, variants across, each cell holds
 * (green), violated by design (amber) or FINDING (red); each violated cell links to the page of its
 * shrunk counterexample ({@link RunPage}), written next to this one.
 */
public final class VerdictPage {
    private VerdictPage() {
    }

    /**
     * The file name of {@code cell}'s page, next to the table page named {@code stem}.html:
     * {@code stem-VARIANT-INVARIANT.html}.
     */
    public static String cellPageName(String stem, Cell cell) {
        return stem + "-" + cell.variant() + "-" + cell.invariant() + ".html";
    }

    /** The page of {@code table}; {@code link} gives each violated cell's page (relative to this one). */
    public static String render(VerdictTable table, Function<Cell, String> link) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Verdict table</h1>\n<p class=\"meta\">seed ").append(table.seed()).append(", ")
                .append(table.budget() == 0 ? "no case limit" : table.budget() + " cases per variant")
                .append(", faults off, every invariant. ").append(HtmlText.escape(table.summary())).append("</p>\n");
        body.append("<p class=\"legend\"><span class=\"key holds\">holds</span> no case violated it "
                + "<span class=\"key violated\">violated</span> violated, as the design does by design "
                + "<span class=\"key finding\">FINDING</span> violated, though the design should keep it. "
                + "A violated cell links to its shrunk counterexample.</p>\n");
        body.append("<table id=\"verdicts\">\n<thead><tr><th>invariant</th>");
        for (VariantVerdict v : table.variants()) {
            body.append("<th data-variant=\"").append(v.variant()).append("\">").append(v.variant()).append("</th>");
        }
        body.append("</tr>\n<tr class=\"cases\"><th>(cases)</th>");
        for (VariantVerdict v : table.variants()) {
            body.append("<td>").append(v.cases()).append("</td>");
        }
        body.append("</tr></thead>\n<tbody>\n");
        for (InvariantId id : InvariantId.values()) {
            body.append("<tr><th title=\"").append(HtmlText.escape(id.statement())).append("\">").append(id).append("</th>");
            for (VariantVerdict v : table.variants()) {
                cell(body, v, id, link);
            }
            body.append("</tr>\n");
        }
        body.append("</tbody></table>\n");
        return HtmlText.page("Verdict table, seed " + table.seed(), STYLE, body.toString());
    }

    private static void cell(StringBuilder body, VariantVerdict v, InvariantId id, Function<Cell, String> link) {
        Optional<Cell> cell = v.cell(id);
        String word = cell.map(c -> c.byDesign() ? "violated" : "finding").orElse("holds");
        body.append(String.format(Locale.ROOT, "<td class=\"%s\" data-variant=\"%s\" data-invariant=\"%s\">", word, v.variant(), id));
        if (cell.isEmpty()) {
            body.append("holds</td>");
            return;
        }
        Cell c = cell.get();
        body.append("<a href=\"").append(HtmlText.escape(link.apply(c))).append("#violation-1\" title=\"")
                .append(HtmlText.escape(c.violation().describe())).append("\">").append(c.byDesign() ? "violated" : "FINDING")
                .append("</a><span class=\"count\">").append(c.violatedIn()).append(" of ").append(v.cases())
                .append("</span></td>");
    }

    private static final String STYLE = """
            table { border-collapse: separate; border-spacing: 3px; margin-top: .8em; }
            th, td { padding: 6px 10px; text-align: center; border-radius: 4px; }
            thead th { background: #e8e8f0; font-size: 12.5px; }
            tbody th { text-align: left; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px;
                       background: #f0f0f5; font-weight: 600; }
            tr.cases td { color: var(--muted); font-size: 12px; }
            td.holds { background: var(--ok); color: #2a5e2a; }
            td.violated { background: var(--errno); }
            td.finding { background: #d63030; }
            td.finding a { color: #fff; font-weight: 700; }
            td a { color: #5a3b00; font-weight: 600; }
            td .count { display: block; font-size: 11px; color: #6a5a40; }
            td.finding .count { color: #ffe0e0; }
            .key { padding: 2px 8px; border-radius: 4px; margin: 0 .3em 0 1em; }
            .key:first-child { margin-left: 0; }
            .key.holds { background: var(--ok); } .key.violated { background: var(--errno); }
            .key.finding { background: #d63030; color: #fff; }
            """;
}
