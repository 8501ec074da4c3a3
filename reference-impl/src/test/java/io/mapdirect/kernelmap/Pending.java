package io.mapdirect.kernelmap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code kernel-map/pending.txt}: what an audit branch allows to be missing because its tags live in
 * files another branch owns. One entry a line: {@code <file> <function>} (an inventory row without a
 * mirror yet), {@code repair <ID>} or {@code fault <ID>} (a constant no {@code @departure} tag names
 * yet). Empty once the branches are merged.
 *
 * @param rows    row keys ({@code <file> <function>})
 * @param repairs repair constants
 * @param faults  known-bug constants
 */
record Pending(Set<String> rows, Set<String> repairs, Set<String> faults) {
    static Pending none() {
        return new Pending(Set.of(), Set.of(), Set.of());
    }

    static Pending read(Path file) {
        if (!Files.exists(file)) {
            return none();
        }
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Pending parse(Iterable<String> lines) {
        Set<String> rows = new LinkedHashSet<>();
        Set<String> repairs = new LinkedHashSet<>();
        Set<String> faults = new LinkedHashSet<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words.length != 2) {
                throw new IllegalArgumentException("pending.txt: expected '<file> <function>', 'repair ID' or 'fault ID': '" + line + "'");
            }
            switch (words[0]) {
                case "repair" -> repairs.add(words[1]);
                case "fault" -> faults.add(words[1]);
                default -> rows.add(words[0] + " " + words[1]);
            }
        }
        return new Pending(rows, repairs, faults);
    }
}
