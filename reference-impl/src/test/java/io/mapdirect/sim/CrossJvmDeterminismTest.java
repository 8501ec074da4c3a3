package io.mapdirect.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Determinism across JVMs: a second JVM, started with this JVM's java binary and class
 * path, prints the fingerprints of a fixed list of generated cases; they must equal the ones this
 * JVM computes. Site ids differ between the two JVMs (this one has interned many sites in other
 * tests first), which the fingerprint must not depend on.
 */
class CrossJvmDeterminismTest {
    private static final long CHILD_TIMEOUT_SECONDS = 120;

    @Test
    @DisplayName("the same cases give the same fingerprints in a second JVM")
    void fingerprintsAgreeAcrossJvms(@TempDir Path dir) throws IOException, InterruptedException {
        Site.of("perturb site ids in the parent JVM only");
        List<String> here = CrossJvmFingerprints.lines();

        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrossJvmFingerprints.class.getName())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("child JVM (" + java + ") did not finish within " + CHILD_TIMEOUT_SECONDS + " s; its stderr:\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        assertThat(child.exitValue()).as("child JVM exit status; its stderr:\n%s", Files.readString(err, StandardCharsets.UTF_8))
                .isZero();
        List<String> there = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(there).hasSize(CrossJvmFingerprints.CASES);
        assertThat(there).containsExactlyElementsOf(here);
        assertThat(here.stream().map(line -> line.split(" ")[2]).distinct())
                .as("the fixed cases cover both legitimate outcomes").contains("Completed", "Deadlock");
    }
}
