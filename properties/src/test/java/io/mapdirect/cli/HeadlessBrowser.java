package io.mapdirect.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for the HTML-page tests: the DOM it builds from a page ({@code --dump-dom}) and a
 * screenshot for a person to look at. Found on the PATH ({@code chromium}, as Debian's package
 * installs it, or {@code chromium-browser}, {@code google-chrome}); the tests skip, saying why, when
 * there is none.
 */
final class HeadlessBrowser {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
    private static final long TIMEOUT_SECONDS = 120;

    private final Path executable;
    private final Path profile;

    private HeadlessBrowser(Path executable, Path profile) {
        this.executable = executable;
        this.profile = profile;
    }

    /** The browser on the PATH, if any; {@code profile} is a scratch user-data directory. */
    static Optional<HeadlessBrowser> find(Path profile) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessBrowser(candidate, profile));
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM the browser built from {@code page}, serialized. */
    String dumpDom(Path page) {
        return run(List.of("--dump-dom", page.toUri().toString()));
    }

    /** A screenshot of {@code page}, {@code width} x {@code height} pixels, into {@code png}. */
    void screenshot(Path page, Path png, int width, int height) {
        run(List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(),
                page.toUri().toString()));
    }

    private String run(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath()));
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the browser did not finish: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the browser exited with " + process.exitValue() + ": " + command);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
