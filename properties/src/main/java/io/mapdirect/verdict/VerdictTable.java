package io.mapdirect.verdict;

import io.mapdirect.check.InvariantId;
import io.mapdirect.corpus.CaseWriter;
import java.util.List;
import java.util.Locale;

/**
 * The variant x invariant table of a verdict run, as text and as one JSON object. A cell reads
 * {@code holds} (no case violated it), {@code violated} (a property of the design,
 * {@link io.mapdirect.harness.Expectations}) or {@code FINDING} (violated, though the design should
 * keep it). Each violated cell is followed by its shrunk counterexample and the command that
 * replays it. Nothing here reads a clock, so the text is deterministic for a seed and a case budget.
 *
 * @param seed   the run's seed
 * @param budget cases per variant asked for
 */
public record VerdictTable(long seed, int budget, List<VariantVerdict> variants) {
    public VerdictTable {
        variants = List.copyOf(variants);
    }

    /** Violated cells the designs do not make by design. */
    public List<Cell> findings() {
        return cells().stream().filter(c -> !c.byDesign()).toList();
    }

    /** Every violated cell, variant by variant. */
    public List<Cell> cells() {
        return variants.stream().flatMap(v -> v.violated().stream()).toList();
    }

    /** The command that replays {@code cell}: the same seed, only its variant, up to its first case. */
    public String replay(Cell cell) {
        return "./mapdirect verdicts --seed " + seed + " --variant " + cell.variant() + " --budget " + cell.firstCase();
    }

    /** The whole report: the table, its legend, then every violated cell's counterexample. */
    public String render() {
        StringBuilder out = new StringBuilder(table());
        out.append("holds: no case violated it; violated: violated, as the design does by design;\n")
                .append("FINDING: violated, though the design should keep it (or, posted, nothing explains it);\n")
                .append("bug: (posted variants) violated, and switching off a known bug makes it pass;\n")
                .append("DEFECT: (posted variants) violated, and only a repair makes it pass: a defect of the\n")
                .append("posted series the thread did not name.\n");
        for (Cell cell : cells()) {
            out.append('\n').append(counterexample(cell));
        }
        out.append('\n').append(summary()).append('\n');
        return out.toString();
    }

    /** Invariants down, variants across, with a first row of case counts. */
    public String table() {
        int first = "invariant".length();
        for (InvariantId id : InvariantId.values()) {
            first = Math.max(first, id.name().length());
        }
        StringBuilder out = new StringBuilder(pad("invariant", first));
        for (VariantVerdict v : variants) {
            out.append("  ").append(pad(v.variant().name(), width(v)));
        }
        out.append('\n').append(pad("(cases)", first));
        for (VariantVerdict v : variants) {
            out.append("  ").append(pad(Integer.toString(v.cases()), width(v)));
        }
        out.append('\n');
        for (InvariantId id : InvariantId.values()) {
            out.append(pad(id.name(), first));
            for (VariantVerdict v : variants) {
                out.append("  ").append(pad(v.cell(id).map(VerdictTable::word).orElse("holds"), width(v)));
            }
            out.append('\n');
        }
        return out.toString().replaceAll(" +\n", "\n");
    }

    private static String word(Cell cell) {
        return cell.word();
    }

    private static int width(VariantVerdict v) {
        return Math.max(v.variant().name().length(), "violated".length());
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    /** One violated cell: what, how often, the replay command, the violation and the shrunk case. */
    public String counterexample(Cell cell) {
        return String.format(Locale.ROOT, "=== %s violates %s%s: in %d of %d cases, first at case %d; shrunk to %d ops, %d switches%n",
                cell.variant(), cell.invariant(), cell.byDesign() ? "" : " (FINDING)", cell.violatedIn(),
                casesOf(cell), cell.firstCase(), cell.shrunkOps(), cell.shrunkSwitches())
                + "  " + cell.invariant().statement() + " " + cell.invariant().seed() + "\n"
                + "replay: " + replay(cell) + "\n"
                + (cell.attribution() == null ? "" : "attribution: " + cell.attribution().describe() + "\n")
                + "VIOLATED " + cell.violation().describe() + "\n\n"
                + CaseWriter.write(cell.shrunk());
    }

    private int casesOf(Cell cell) {
        return variants.stream().filter(v -> v.variant() == cell.variant()).findFirst().orElseThrow().cases();
    }

    /** The last line of the text report. */
    public String summary() {
        int cases = variants.stream().mapToInt(VariantVerdict::cases).sum();
        return String.format(Locale.ROOT, "verdicts: %d variants, %d cases, %d violated cells, %d findings",
                variants.size(), cases, cells().size(), findings().size());
    }

    /** One JSON object: seed, budget, per variant its cases and each invariant's verdict, and every violated cell. */
    public String json() {
        StringBuilder out = new StringBuilder("{\"command\":\"verdicts\",\"seed\":").append(seed).append(",\"budget\":")
                .append(budget).append(",\"variants\":{");
        for (int i = 0; i < variants.size(); i++) {
            VariantVerdict v = variants.get(i);
            out.append(i == 0 ? "" : ",").append(quote(v.variant().name())).append(":{\"cases\":").append(v.cases())
                    .append(",\"invariants\":{");
            InvariantId[] ids = InvariantId.values();
            for (int k = 0; k < ids.length; k++) {
                out.append(k == 0 ? "" : ",").append(quote(ids[k].name())).append(':')
                        .append(quote(v.cell(ids[k]).map(c -> c.word().equals("FINDING") ? "finding" : c.word()).orElse("holds")));
            }
            out.append("}}");
        }
        out.append("},\"violations\":[");
        List<Cell> cells = cells();
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            out.append(i == 0 ? "" : ",").append("{\"variant\":").append(quote(c.variant().name()))
                    .append(",\"invariant\":").append(quote(c.invariant().name()))
                    .append(",\"byDesign\":").append(c.byDesign())
                    .append(",\"violatedIn\":").append(c.violatedIn())
                    .append(",\"firstCase\":").append(c.firstCase())
                    .append(",\"shrunkOps\":").append(c.shrunkOps())
                    .append(",\"shrunkSwitches\":").append(c.shrunkSwitches())
                    .append(",\"replay\":").append(quote(replay(c)))
                    .append(",\"violation\":").append(quote(c.violation().describe()))
                    .append(",\"attribution\":").append(c.attribution() == null ? "null" : attributionJson(c.attribution()))
                    .append(",\"case\":").append(quote(CaseWriter.write(c.shrunk()))).append('}');
        }
        return out.append("],\"findings\":").append(findings().size()).append('}').toString();
    }

    private static String attributionJson(Attribution a) {
        StringBuilder out = new StringBuilder("{\"kind\":").append(quote(a.kind().name())).append(",\"fixes\":[");
        for (int i = 0; i < a.fixes().size(); i++) {
            out.append(i == 0 ? "[" : ",[");
            List<String> words = a.fixes().get(i).stream().map(Attribution.Switch::word).sorted().toList();
            for (int k = 0; k < words.size(); k++) {
                out.append(k == 0 ? "" : ",").append(quote(words.get(k)));
            }
            out.append(']');
        }
        return out.append("]}").toString();
    }

    /** {@code text} as a JSON string literal, quotes included. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
