package io.mapdirect.corpus;

import io.mapdirect.events.ActorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The generated parts of {@code fuzz-corpus/FORMAT.md}: the operation table, the argument-type
 * table and the table of limits come from the parser's own tables ({@link OpSyntax}, {@link ArgType},
 * {@link ResultWords}, {@link Limit}),
 * between {@code <!-- generated: NAME -->} and {@code <!-- end generated -->} markers, so the
 * document cannot drift from the code without a test failing.
 */
public final class FormatDoc {
    static final String END = "<!-- end generated -->";
    private static final List<String> SECTIONS = List.of("operations", "argument-types", "results", "limits");

    private FormatDoc() {
    }

    /** Every operation name of the format, in table order. */
    public static List<String> operationNames() {
        return OpSyntax.names();
    }

    /** Every result word a result check may name besides numbers and {@code ok}: errnos, signals, DMA outcomes. */
    public static List<String> resultNames() {
        List<String> names = new ArrayList<>(ResultWords.names());
        names.addAll(ResultWords.DMA);
        return names;
    }

    /** {@code doc} with every generated section replaced by what the code says. */
    public static String update(String doc) {
        String result = doc;
        for (String name : SECTIONS) {
            result = replace(result, name, section(name));
        }
        return result;
    }

    /** The sections' names whose text in {@code doc} differs from the code (or is missing). */
    public static List<String> stale(String doc) {
        List<String> stale = new ArrayList<>();
        for (String name : SECTIONS) {
            if (!Objects.equals(current(doc, name), section(name))) {
                stale.add(name);
            }
        }
        return stale;
    }

    static String section(String name) {
        return switch (name) {
            case "operations" -> operations();
            case "argument-types" -> argumentTypes();
            case "results" -> results();
            case "limits" -> limits();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static String begin(String name) {
        return "<!-- generated: " + name + " -->";
    }

    private static String current(String doc, String name) {
        int start = doc.indexOf(begin(name));
        int end = start < 0 ? -1 : doc.indexOf(END, start);
        return end < 0 ? null : doc.substring(start + begin(name).length() + 1, end);
    }

    private static String replace(String doc, String name, String body) {
        int start = doc.indexOf(begin(name));
        int end = start < 0 ? -1 : doc.indexOf(END, start);
        if (end < 0) {
            return doc;
        }
        return doc.substring(0, start + begin(name).length()) + "\n" + body + doc.substring(end);
    }

    static String operations() {
        StringBuilder out = new StringBuilder("| operation | defines a resource | arguments | actors |\n| --- | --- | --- | --- |\n");
        for (OpSyntax.Form form : OpSyntax.forms()) {
            List<String> args = new ArrayList<>();
            for (OpSyntax.Arg arg : form.args()) {
                args.add("`" + arg.name() + "` " + arg.type().name().toLowerCase()
                        + (arg.optional() ? " (default " + (arg.defaultValue() == null ? "none" : "`"
                        + arg.type().format(arg.defaultValue()) + "`") + ")" : ""));
            }
            out.append("| `").append(form.name()).append("` | ").append(form.hasResult() ? "yes" : "no").append(" | ")
                    .append(args.isEmpty() ? "none" : String.join(", ", args)).append(" | ")
                    .append(actors(form)).append(" |\n");
        }
        return out.toString();
    }

    private static String actors(OpSyntax.Form form) {
        ActorKind kind = OpSyntax.runsOn(form);
        return switch (kind) {
            case ANY -> "any";
            default -> kind.name().toLowerCase();
        };
    }

    static String argumentTypes() {
        StringBuilder out = new StringBuilder("| type | written as |\n| --- | --- |\n");
        for (ArgType type : ArgType.values()) {
            out.append("| ").append(type.name().toLowerCase()).append(" | ").append(type.syntax().replace("|", "\\|"))
                    .append(" |\n");
        }
        return out.toString();
    }

    static String limits() {
        StringBuilder out = new StringBuilder("| limit | what | range |\n| --- | --- | --- |\n");
        for (Limit limit : Limit.values()) {
            out.append("| ").append(limit.name().toLowerCase()).append(" | ").append(limit.what()).append(" | ")
                    .append(limit.range()).append(" |\n");
        }
        return out.toString();
    }

    static String results() {
        return "A result check names `ok` (any non-negative number), a number, an errno or signal name ("
                + String.join(", ", ResultWords.names().stream().map(n -> "`" + n + "`").toList())
                + "), or a DMA outcome (" + String.join(", ", ResultWords.DMA.stream().map(n -> "`" + n + "`").toList())
                + ").\n";
    }
}
