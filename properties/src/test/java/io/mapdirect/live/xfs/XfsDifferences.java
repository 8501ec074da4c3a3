package io.mapdirect.live.xfs;

import io.mapdirect.live.KernelDifferences;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The accepted disagreements between real XFS and the model, from the table in {@code docs/xfs-oracle.md}
 * that starts {@code | sequence |}: a shrunk sequence ({@link XfsSequences.Sequence#toString()}), what the
 * kernel and the model showed ({@link XfsStep#render(List)}), why, and the kernel it was seen on.
 */
record XfsDifferences(List<Row> rows) {
    static final String DOC = "docs/xfs-oracle.md";

    record Row(String sequence, String kernelSays, String modelSays, String why, String kernelVersion) { }

    Optional<Row> find(String sequence) {
        return rows.stream().filter(row -> row.sequence().equals(sequence)).findFirst();
    }

    static XfsDifferences load() {
        Path doc = locate();
        try {
            return parse(Files.readString(doc, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + doc + ": " + e.getMessage(), e);
        }
    }

    /** {@code docs/xfs-oracle.md} in the working directory or a parent (surefire runs in the module). */
    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(DOC))) {
                return dir.resolve(DOC);
            }
        }
        throw new IllegalStateException(DOC + " not found in " + Path.of("").toAbsolutePath() + " or a parent");
    }

    static XfsDifferences parse(String markdown) {
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : markdown.split("\n")) {
            String trimmed = line.trim();
            if (!inTable) {
                inTable = trimmed.startsWith("| sequence |");
                continue;
            }
            if (!trimmed.startsWith("|")) {
                break;
            }
            if (!trimmed.matches("\\|[-| :]+\\|")) {
                rows.add(row(KernelDifferences.cells(trimmed)));
            }
        }
        if (!inTable) {
            throw new IllegalStateException(DOC + " has no table starting '| sequence |'");
        }
        return new XfsDifferences(rows);
    }

    private static Row row(List<String> cells) {
        if (cells.size() != 5) {
            throw new IllegalStateException("an XFS differences row needs 5 cells (sequence, kernel says, model says,"
                    + " why, kernel version seen on), got " + cells);
        }
        String sequence = KernelDifferences.bare(cells.get(0));
        XfsOp.parseAll(sequence.substring(sequence.indexOf(':') + 1));
        Row row = new Row(sequence, KernelDifferences.bare(cells.get(1)), KernelDifferences.bare(cells.get(2)),
                cells.get(3), cells.get(4));
        if (row.kernelSays().equals(row.modelSays())) {
            throw new IllegalStateException("a documented difference must differ: " + sequence);
        }
        return row;
    }

    /** The file count of a row's sequence text ({@code "2 files: ..."}). */
    static int fileCount(String sequence) {
        return Integer.parseInt(sequence.substring(0, sequence.indexOf(' ')));
    }
}
