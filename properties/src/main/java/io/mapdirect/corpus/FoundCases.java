package io.mapdirect.corpus;

import io.mapdirect.harness.Case;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where findings go: {@code fuzz-corpus/found/<hash>.case}, named by a hash of the case's text, so
 * that findings from many shards or machines merge by plain file union and promoting one to a
 * regression case is a {@code git mv} into {@code cases/}.
 */
public final class FoundCases {
    /** System property naming the corpus root; defaults to {@code fuzz-corpus} under the working directory. */
    public static final String CORPUS_PROPERTY = "mapdirect.corpus";
    /**
     * System property naming the directory findings are written to; defaults to {@code found/} under
     * the corpus root. The mutation run ({@code mvn -Pmutation verify}, docs/mutation.md) points it
     * outside the corpus, so that a case one mutant's failing property wrote is never replayed, by
     * the corpus replay, against the next mutant.
     */
    public static final String FOUND_PROPERTY = "mapdirect.found";

    private FoundCases() {
    }

    /** The corpus root: {@code -Dmapdirect.corpus=...}, else {@code ./fuzz-corpus}, else {@code ../fuzz-corpus}. */
    public static Path corpusRoot() {
        String configured = System.getProperty(CORPUS_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        Path here = Path.of("fuzz-corpus");
        return Files.isDirectory(here) ? here : Path.of("..", "fuzz-corpus");
    }

    /** {@code <first 16 hex digits of the SHA-256 of the text>.case}. */
    public static String fileName(Case c) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CaseWriter.write(c).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8) + ".case";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Where findings go: {@code -Dmapdirect.found=...}, else {@code found/} of the corpus root. */
    public static Path foundDir() {
        String configured = System.getProperty(FOUND_PROPERTY);
        return configured != null ? Path.of(configured) : corpusRoot().resolve("found");
    }

    /** Writes {@code c} into {@link #foundDir()}; returns the file. */
    public static Path write(Case c) throws IOException {
        return write(foundDir(), c);
    }

    /**
     * Writes {@code c} into {@code dir} under its content hash; returns the file. The text goes to a
     * temporary file first, then is moved into place, so that workers writing the same finding at
     * once (same name, same content) never leave a half-written file.
     */
    public static Path write(Path dir, Case c) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName(c));
        Path partial = dir.resolve(fileName(c) + "." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(partial, CaseWriter.write(c), StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
