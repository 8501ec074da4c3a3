package io.mapdirect.live.xfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Example;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The fixture's clean-up after a JVM that died with its XFS mounted: a directory named like ours whose pid
 * is gone, with a mount on its {@code mnt}, is unmounted and deleted; one whose pid lives is left alone.
 * (A tmpfs stands for the XFS: what is checked is whose mounts are removed.)
 */
@Tag("live-kernel")
@Tag("live-xfs")
@AddLifecycleHook(XfsSkip.class)
class XfsLoopMountTest {
    private static final Path BASE = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));

    @Example
    void mountsOfADeadJvmAreRemovedAndOthersKept() throws IOException, InterruptedException {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Path dead = mounted(XfsLoopMount.PREFIX + exited.pid() + "-stale");
        Path alive = mounted(XfsLoopMount.PREFIX + "1-alive");
        try {
            XfsLoopMount.removeStale();
            assertThat(isMounted(dead.resolve("mnt"))).as("mount of the dead JVM").isFalse();
            assertThat(dead).as("directory of the dead JVM").doesNotExist();
            assertThat(isMounted(alive.resolve("mnt"))).as("mount of a live pid").isTrue();
        } finally {
            command("umount", alive.resolve("mnt").toString());
            command("rm", "-rf", alive.toString(), dead.toString());
        }
    }

    private static Path mounted(String name) throws IOException, InterruptedException {
        Path home = BASE.resolve(name);
        Files.createDirectories(home.resolve("mnt"));
        assertThat(command("mount", "-t", "tmpfs", "-o", "size=1m", "mapdirect-test", home.resolve("mnt").toString()))
                .as("mount a tmpfs on " + home).isZero();
        return home;
    }

    private static boolean isMounted(Path mountPoint) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .anyMatch(line -> line.split(" ")[4].equals(mountPoint.toString()));
    }

    private static int command(String... words) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(words).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}
