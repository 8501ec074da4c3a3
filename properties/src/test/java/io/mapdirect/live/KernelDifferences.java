package io.mapdirect.live;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The documented differences between the live kernel and the linux-6.x profile of the model,
 * {@code kernel-differences.md}: the first markdown table whose header starts with {@code | case |}.
 * A case is {@code key=value} pairs in the terms of {@link LiveMmapCall#fields(String)}, naming every
 * key, so the test can run it again; {@code |} inside a cell is written {@code \|}.
 */
public final class KernelDifferences {
    static final String RESOURCE = "/kernel-differences.md";

    /** One row: the call, what each side says, why, and the kernel it was seen on. */
    record Difference(Map<String, String> fields, String kernelSays, String modelSays, String why, String seenOn) {
        /** Whether this row documents {@code call} on filesystem {@code fs}. */
        boolean documents(LiveMmapCall call, String fs) {
            return fs.equals(fields.get("fs")) && LiveMmapCall.fromFields(fields).equals(call);
        }

        String caseText() {
            return String.join(" ", fields.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
    }

    private final List<Difference> rows;

    private KernelDifferences(List<Difference> rows) {
        this.rows = List.copyOf(rows);
    }

    List<Difference> rows() {
        return rows;
    }

    /** The row documenting {@code call} on {@code fs}, if any. */
    Optional<Difference> find(LiveMmapCall call, String fs) {
        return rows.stream().filter(row -> row.documents(call, fs)).findFirst();
    }

    static KernelDifferences load() {
        try (InputStream in = KernelDifferences.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    static KernelDifferences parse(String markdown) {
        List<Difference> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : markdown.split("\n")) {
            String trimmed = line.trim();
            if (!inTable) {
                inTable = trimmed.startsWith("| case |");
                continue;
            }
            if (!trimmed.startsWith("|")) {
                break;
            }
            if (trimmed.matches("\\|[-| :]+\\|")) {
                continue;
            }
            rows.add(row(cells(trimmed)));
        }
        if (!inTable) {
            throw new IllegalStateException(RESOURCE + " has no table starting '| case |'");
        }
        return new KernelDifferences(rows);
    }

    private static Difference row(List<String> cells) {
        if (cells.size() != 5) {
            throw new IllegalStateException("a differences row needs 5 cells (case, kernel says, model says, why,"
                    + " kernel version seen on), got " + cells);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : cells.get(0).replace("`", "").trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalStateException("not key=value: '" + pair + "' in " + cells.get(0));
            }
            fields.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        LiveMmapCall.fromFields(fields);
        String kernelSays = bare(cells.get(1));
        String modelSays = bare(cells.get(2));
        if (kernelSays.equals(modelSays)) {
            throw new IllegalStateException("a documented difference must differ: " + cells.get(0));
        }
        return new Difference(fields, kernelSays, modelSays, cells.get(3), cells.get(4));
    }

    /** Cells between unescaped {@code |}, with {@code \|} turned back into {@code |}. */
    public static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    /** A cell without its code quotes. */
    public static String bare(String cell) {
        return cell.replace("`", "").trim();
    }
}
