package io.mapdirect.verdict;

import io.mapdirect.check.InvariantId;
import io.mapdirect.check.Violation;
import io.mapdirect.corpus.CaseParser;
import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.corpus.CorpusException;
import io.mapdirect.harness.Variant;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Repair;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The line protocol of a {@code verdicts} worker: each finished variant as {@code variant NAME CASES
 * MILLIS}, then per violated cell {@code cell INVARIANT VIOLATED_IN FIRST_CASE STEP TIME_NS}, the
 * violation's {@code task}, {@code object}s and {@code message} (backslash and newline escaped), the
 * shrunk case's text in the corpus format, each line prefixed with {@code "| "}, and {@code end};
 * a posted variant's cell has an {@code attribution} line before its case; the variant closes
 * with {@code variant-end}. {@link Reader} turns the lines back into the
 * {@link VariantVerdict}s, cases parsed from their text, so that the table rendered from them is the
 * table one process renders.
 */
public final class VerdictLines {
    private static final String CASE_PREFIX = "| ";

    private VerdictLines() {
    }

    /** The lines of one variant's verdict, which took {@code millis}. */
    public static List<String> of(VariantVerdict verdict, long millis) {
        List<String> lines = new ArrayList<>();
        lines.add("variant " + verdict.variant() + " " + verdict.cases() + " " + millis);
        for (Cell cell : verdict.violated()) {
            Violation violation = cell.violation();
            lines.add("cell " + cell.invariant() + " " + cell.violatedIn() + " " + cell.firstCase() + " "
                    + violation.step() + " " + violation.timeNs());
            lines.add("task " + escape(violation.task()));
            violation.objects().forEach(object -> lines.add("object " + escape(object)));
            lines.add("message " + escape(violation.message()));
            if (cell.attribution() != null) {
                lines.add(attributionLine(cell.attribution()));
            }
            CaseWriter.write(cell.shrunk()).lines().forEach(line -> lines.add(CASE_PREFIX + line));
            lines.add("end");
        }
        lines.add("variant-end");
        return lines;
    }

    /** {@code attribution KIND SETS}: the sets joined by {@code /}, each set's switch words by {@code ,}; {@code -} for none. */
    static String attributionLine(Attribution attribution) {
        String sets = attribution.fixes().stream()
                .map(set -> set.stream().map(Attribution.Switch::word).sorted().collect(Collectors.joining(",")))
                .collect(Collectors.joining("/"));
        return "attribution " + attribution.kind() + " " + (sets.isEmpty() ? "-" : sets);
    }

    static Attribution parseAttribution(String rest) {
        String[] parts = rest.split(" ", 2);
        List<Set<Attribution.Switch>> fixes = new ArrayList<>();
        if (!parts[1].equals("-")) {
            for (String set : parts[1].split("/")) {
                Set<Attribution.Switch> switches = new java.util.LinkedHashSet<>();
                for (String word : set.split(",")) {
                    String name = word.substring(1);
                    switches.add(word.charAt(0) == '-' ? new Attribution.FaultOff(KnownBug.valueOf(name))
                            : new Attribution.RepairOn(Repair.valueOf(name)));
                }
                fixes.add(switches);
            }
        }
        return new Attribution(fixes, Attribution.Kind.valueOf(parts[0]));
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** What a reader hears: a variant's verdict, complete, and how long it took the worker. */
    public interface Listener {
        void verdict(VariantVerdict verdict, long millis);
    }

    /** Reads one worker's lines in order; not thread-safe. */
    public static final class Reader {
        private final Listener listener;
        private String[] variantHead;
        private final List<Cell> cells = new ArrayList<>();
        private String[] cellHead;
        private String task;
        private final List<String> objects = new ArrayList<>();
        private String message;
        private StringBuilder caseText;
        private Attribution attribution;

        public Reader(Listener listener) {
            this.listener = listener;
        }

        /** Takes one line. */
        public void accept(String line) {
            if (caseText != null && line.startsWith(CASE_PREFIX)) {
                caseText.append(line, CASE_PREFIX.length(), line.length()).append('\n');
                return;
            }
            String[] words = line.split(" ", 2);
            switch (words[0]) {
                case "variant" -> {
                    variantHead = line.split(" ");
                    cells.clear();
                }
                case "cell" -> {
                    cellHead = line.split(" ");
                    objects.clear();
                    attribution = null;
                }
                case "task" -> task = unescape(rest(words));
                case "object" -> objects.add(unescape(rest(words)));
                case "message" -> {
                    message = unescape(rest(words));
                    caseText = new StringBuilder();
                }
                case "attribution" -> attribution = parseAttribution(rest(words));
                case "end" -> endCell();
                case "variant-end" -> listener.verdict(new VariantVerdict(Variant.valueOf(variantHead[1]),
                        Integer.parseInt(variantHead[2]), cells), Long.parseLong(variantHead[3]));
                default -> throw new IllegalArgumentException("a verdicts worker printed an unexpected line: " + line);
            }
        }

        private static String rest(String[] words) {
            return words.length > 1 ? words[1] : "";
        }

        private void endCell() {
            InvariantId id = InvariantId.valueOf(cellHead[1]);
            Violation violation = new Violation(id, Long.parseLong(cellHead[4]), Long.parseLong(cellHead[5]), task,
                    objects, message);
            try {
                cells.add(new Cell(Variant.valueOf(variantHead[1]), id, Integer.parseInt(cellHead[2]),
                        Integer.parseInt(cellHead[3]), CaseParser.parse("worker's " + id + " case", caseText.toString()),
                        violation, attribution));
            } catch (CorpusException e) {
                throw new IllegalArgumentException("a verdicts worker printed a case that does not parse: "
                        + e.getMessage(), e);
            }
            caseText = null;
        }
    }
}
