package io.mapdirect.corpus;

import io.mapdirect.harness.Case;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds and reads corpus files. Each file is read on its own: a malformed file becomes a
 * {@link Loaded} holding its error, never an exception that hides the files after it.
 */
public final class CorpusFiles {
    /** The file-name ending of a case. */
    public static final String SUFFIX = ".case";

    /** One file: its case, or the error that names where it is malformed. */
    public record Loaded(Path file, Case parsed, CorpusException error) {
        public boolean ok() {
            return error == null;
        }
    }

    private CorpusFiles() {
    }

    /** Every {@code *.case} under {@code dir} (recursively), sorted by path; none if it does not exist. */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Reads and parses one file; an unreadable file is reported like a malformed one (line 0). */
    public static Loaded load(Path file) {
        try {
            CaseText.checkSize(file.toString(), Files.size(file));
            return new Loaded(file, parse(file.toString(), Files.readAllBytes(file)), null);
        } catch (CorpusException e) {
            return new Loaded(file, null, e);
        } catch (IOException | UncheckedIOException e) {
            return new Loaded(file, null, new CorpusException(file.toString(), 0, 0, "cannot read: " + e.getMessage()));
        }
    }

    /**
     * Parses the bytes of a case file: at most {@link Limit#FILE_BYTES}, UTF-8 text, then the format;
     * whatever the bytes, the answer is a case or a {@link CorpusException} naming where.
     */
    public static Case parse(String file, byte[] bytes) throws CorpusException {
        return CaseParser.parse(file, CaseText.decode(file, bytes));
    }

    /** Loads every file given: a directory stands for every case under it. */
    public static List<Loaded> loadAll(List<Path> paths) {
        List<Loaded> loaded = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                for (Path file : list(path)) {
                    loaded.add(load(file));
                }
            } else {
                loaded.add(load(path));
            }
        }
        return loaded;
    }
}
