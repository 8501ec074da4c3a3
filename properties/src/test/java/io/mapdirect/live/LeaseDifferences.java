package io.mapdirect.live;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The documented lease differences between the live kernel and the model: the table of
 * {@code kernel-differences.md} whose header starts with {@code | lease sequence |}. A row names a whole
 * sequence ({@link LeaseOp} text, calls separated by {@code ,}), the filesystem, and both sides' steps
 * ({@link LeaseStep#render(List)}); a disagreement is accepted only if a row has exactly that sequence and
 * those answers. {@code |} inside a cell is written {@code \|}.
 */
final class LeaseDifferences {
    static final String HEADER = "| lease sequence |";

    /** One row. */
    record Difference(String sequence, String fs, String kernelSays, String modelSays, String why, String seenOn) {
        List<LeaseOp> ops() {
            return LeaseOp.parseAll(sequence);
        }
    }

    private final List<Difference> rows;

    private LeaseDifferences(List<Difference> rows) {
        this.rows = List.copyOf(rows);
    }

    List<Difference> rows() {
        return rows;
    }

    /** The row documenting exactly this sequence on {@code fs}, if any. */
    Optional<Difference> find(List<LeaseOp> ops, String fs) {
        String text = LeaseOp.text(ops);
        return rows.stream().filter(row -> row.fs().equals(fs) && LeaseOp.text(row.ops()).equals(text)).findFirst();
    }

    static LeaseDifferences load() {
        try (InputStream in = LeaseDifferences.class.getResourceAsStream(KernelDifferences.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(KernelDifferences.RESOURCE + " is not on the test class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + KernelDifferences.RESOURCE, e);
        }
    }

    static LeaseDifferences parse(String markdown) {
        List<Difference> rows = new ArrayList<>();
        boolean inTable = false;
        boolean found = false;
        for (String line : markdown.split("\n")) {
            String trimmed = line.trim();
            if (!inTable) {
                inTable = trimmed.startsWith(HEADER);
                found |= inTable;
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
        if (!found) {
            throw new IllegalStateException(KernelDifferences.RESOURCE + " has no table starting '" + HEADER + "'");
        }
        return new LeaseDifferences(rows);
    }

    private static Difference row(List<String> cells) {
        if (cells.size() != 6) {
            throw new IllegalStateException("a lease differences row needs 6 cells (lease sequence, fs, kernel says,"
                    + " model says, why, kernel version seen on), got " + cells);
        }
        Difference row = new Difference(bare(cells.get(0)), bare(cells.get(1)), bare(cells.get(2)), bare(cells.get(3)),
                cells.get(4), cells.get(5));
        row.ops();
        if (!row.fs().equals("tmpfs") && !row.fs().equals("root")) {
            throw new IllegalStateException("fs must be tmpfs or root: " + row.fs());
        }
        if (row.kernelSays().equals(row.modelSays())) {
            throw new IllegalStateException("a documented difference must differ: " + row.sequence());
        }
        return row;
    }

    private static List<String> cells(String line) {
        return KernelDifferences.cells(line);
    }

    private static String bare(String cell) {
        return KernelDifferences.bare(cell);
    }
}
