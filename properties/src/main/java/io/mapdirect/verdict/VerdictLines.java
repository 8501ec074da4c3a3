package io.mapdirect.verdict;

import io.mapdirect.check.InvariantId;
import io.mapdirect.check.Violation;
import io.mapdirect.corpus.CaseParser;
import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.corpus.CorpusException;
import io.mapdirect.harness.Variant;
import java.util.ArrayList;
import java.util.List;

/**
 * The line protocol of a {@code verdicts} worker: each finished variant as {@code variant NAME CASES
 * MILLIS}, then per violated cell {@code cell INVARIANT VIOLATED_IN FIRST_CASE STEP TIME_NS}, the
 * violation's {@code task}, {@code object}s and {@code message} (backslash and newline escaped), the
 * shrunk case's text in the corpus format, each line prefixed with {@code "| "}, and {@code end};
 * the variant closes with {@code variant-end}. {@link Reader} turns the lines back into the
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
            CaseWriter.write(cell.shrunk()).lines().forEach(line -> lines.add(CASE_PREFIX + line));
            lines.add("end");
        }
        lines.add("variant-end");
        return lines;
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
                }
                case "task" -> task = unescape(rest(words));
                case "object" -> objects.add(unescape(rest(words)));
                case "message" -> {
                    message = unescape(rest(words));
                    caseText = new StringBuilder();
                }
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
                        violation));
            } catch (CorpusException e) {
                throw new IllegalArgumentException("a verdicts worker printed a case that does not parse: "
                        + e.getMessage(), e);
            }
            caseText = null;
        }
    }
}
