package io.mapdirect.kernelmap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One function the posted series adds or changes: a row of {@code series.tsv}
 * ({@code message<TAB>file<TAB>function<TAB>added|changed<TAB>note}).
 *
 * @param messages the seed messages, as the code cites them ({@code "[04] [10]"})
 * @param file     the C file (or header) it lives in
 * @param function the function, ops-table member ({@code file_operations.mmap_validate}) or ops table
 * @param change   {@code added} or {@code changed}
 * @param note     empty, or {@code not modelled: <reason>}
 */
record SeriesRow(String messages, String file, String function, String change, String note) {
    static final String NOT_MODELLED = "not modelled:";

    SeriesRow {
        if (!change.equals("added") && !change.equals("changed")) {
            throw new IllegalArgumentException(function + ": change must be added or changed, got '" + change + "'");
        }
        if (!note.isEmpty() && !note.startsWith(NOT_MODELLED)) {
            throw new IllegalArgumentException(function + ": note must be empty or start with '" + NOT_MODELLED + "'");
        }
    }

    /** The key a {@code @kernel} tag matches: the file and the function. */
    String key() {
        return file + " " + function;
    }

    boolean notModelled() {
        return !note.isEmpty();
    }

    /** Reads the inventory; {@code #} lines and blank lines are comments. */
    static List<SeriesRow> read(Path tsv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<SeriesRow> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            rows.add(parse(line, tsv.getFileName() + ":" + (i + 1)));
        }
        return rows;
    }

    private static SeriesRow parse(String line, String where) {
        String[] cells = line.split("\t", -1);
        if (cells.length != 5) {
            throw new IllegalArgumentException(where + ": expected 5 tab-separated columns, got " + cells.length);
        }
        try {
            return new SeriesRow(cells[0].strip(), cells[1].strip(), cells[2].strip(), cells[3].strip(), cells[4].strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
