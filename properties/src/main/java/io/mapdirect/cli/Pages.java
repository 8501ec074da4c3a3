package io.mapdirect.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes HTML pages, creating the folder they go in; a failure is one error line, not an exception. */
final class Pages {
    private Pages() {
    }

    /** Writes {@code html} to {@code file}; false (after one line on {@code err} naming the file) if it cannot. */
    static boolean write(Path file, String html, PrintWriter err, String command) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, html, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            err.println(command + ": cannot write " + file + ": " + e);
            err.flush();
            return false;
        }
    }
}
