package io.mapdirect.live.xfs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A loop-backed XFS with reflink, mounted once per JVM for the live XFS tests: a sparse 512 MiB image in
 * a directory of its own ({@code <tmp>/mapdirect-xfs-<pid>-<random>/}), {@code mkfs.xfs -m reflink=1},
 * {@code mount -o loop} (the loop device is detached on unmount). Unmounted and deleted by a shutdown
 * hook; mounts of an earlier JVM that died (its pid gone) are unmounted and deleted when the next one
 * starts. Mounts that are not ours are never touched. {@link #get()} says why there is none where
 * the machine cannot: not Linux x86-64, not root, no loop device, no {@code mkfs.xfs}, no XFS.
 */
public final class XfsLoopMount {
    static final String PREFIX = "mapdirect-xfs-";
    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-[^/]*");
    private static final long IMAGE_BYTES = 512L * 1024 * 1024;
    private static final long COMMAND_TIMEOUT_SEC = 60;
    private static final AtomicInteger DIRECTORIES = new AtomicInteger();
    private static Prepared prepared;

    private final Path home;
    private final Path image;
    private final Path mountPoint;

    /** The mount, or why there can be none here. */
    public sealed interface Prepared {
        record Ready(XfsLoopMount mount) implements Prepared { }

        record Unavailable(String reason) implements Prepared { }
    }

    private XfsLoopMount(Path home) {
        this.home = home;
        this.image = home.resolve("xfs.img");
        this.mountPoint = home.resolve("mnt");
    }

    /** The JVM's mount, made on first use. */
    public static synchronized Prepared get() {
        if (prepared == null) {
            prepared = prepare();
        }
        return prepared;
    }

    /** Why the live XFS tests cannot run here, or empty. */
    public static Optional<String> unavailableReason() {
        return get() instanceof Prepared.Unavailable missing ? Optional.of(missing.reason()) : Optional.empty();
    }

    /** The mounted XFS; only after {@link #unavailableReason()} was empty. */
    public static XfsLoopMount ready() {
        if (get() instanceof Prepared.Ready ready) {
            return ready.mount();
        }
        throw new IllegalStateException("no XFS mount: " + unavailableReason().orElse("?"));
    }

    public Path mountPoint() {
        return mountPoint;
    }

    /** A new, empty directory on the XFS. */
    public Path newDirectory(String what) {
        Path directory = mountPoint.resolve(what + "-" + DIRECTORIES.incrementAndGet());
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + directory + " on the XFS mount: " + e.getMessage(), e);
        }
        return directory;
    }

    /** Unmounts and mounts again: after a shutdown, the mount runs log recovery. */
    public void remount() {
        run("umount", mountPoint.toString());
        run("mount", "-t", "xfs", "-o", "loop", image.toString(), mountPoint.toString());
    }

    private static Prepared prepare() {
        Optional<String> reason = machineReason();
        if (reason.isPresent()) {
            return new Prepared.Unavailable(reason.get());
        }
        removeStale();
        XfsLoopMount mount;
        try {
            Path base = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
            mount = new XfsLoopMount(Files.createTempDirectory(base, PREFIX + ProcessHandle.current().pid() + "-"));
            Files.createDirectories(mount.mountPoint);
            try (RandomAccessFile file = new RandomAccessFile(mount.image.toFile(), "rw")) {
                file.setLength(IMAGE_BYTES);
            }
        } catch (IOException e) {
            return new Prepared.Unavailable("cannot create the XFS image: " + e.getMessage());
        }
        Optional<String> failed = mount.tryRun("mkfs.xfs", "-q", "-f", "-m", "reflink=1", mount.image.toString())
                .or(() -> mount.tryRun("mount", "-t", "xfs", "-o", "loop", mount.image.toString(),
                        mount.mountPoint.toString()));
        if (failed.isPresent()) {
            mount.delete();
            return new Prepared.Unavailable(failed.get());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(mount::close, "xfs-loop-unmount"));
        return new Prepared.Ready(mount);
    }

    private static Optional<String> machineReason() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Optional.of("live XFS tests need Linux on x86-64; this is " + os + " " + arch);
        }
        if (!isRoot()) {
            return Optional.of("live XFS tests need root (mount, loop devices); running as uid " + uid());
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return Optional.of("no loop devices (/dev/loop-control is missing)");
        }
        if (findOnPath("mkfs.xfs").isEmpty()) {
            return Optional.of("mkfs.xfs is not installed (Debian: apt-get install xfsprogs)");
        }
        if (!kernelHasXfs()) {
            return Optional.of("the kernel has no XFS (not in /proc/filesystems, modprobe xfs failed)");
        }
        return Optional.empty();
    }

    private static boolean isRoot() {
        return "0".equals(uid());
    }

    private static String uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2];
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static Optional<Path> findOnPath(String command) {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        directories.addAll(List.of("/usr/sbin", "/sbin"));
        return directories.stream().filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable).findFirst();
    }

    private static boolean kernelHasXfs() {
        if (procFilesystemsHasXfs()) {
            return true;
        }
        new XfsLoopMount(Path.of("/")).tryRun("modprobe", "xfs");
        return procFilesystemsHasXfs();
    }

    private static boolean procFilesystemsHasXfs() {
        try {
            return Files.readAllLines(Path.of("/proc/filesystems")).stream().anyMatch(line -> line.trim().endsWith("xfs"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Unmounts and deletes the mounts and directories of JVMs that died: ours by name, their pid gone. */
    static void removeStale() {
        for (Path mountPoint : mountPoints()) {
            Path home = mountPoint.getParent();
            if (mountPoint.getFileName() != null && mountPoint.getFileName().toString().equals("mnt")
                    && home != null && isStale(home)) {
                new XfsLoopMount(home).tryRun("umount", "-l", mountPoint.toString());
            }
        }
        Path base = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
        try (Stream<Path> entries = Files.list(base)) {
            entries.filter(XfsLoopMount::isStale).filter(home -> !mountPoints().contains(home.resolve("mnt")))
                    .forEach(home -> new XfsLoopMount(home).delete());
        } catch (IOException e) {
            // nothing listed, nothing removed
        }
    }

    private static boolean isStale(Path home) {
        Matcher matcher = OURS.matcher(home.getFileName() == null ? "" : home.getFileName().toString());
        if (!matcher.matches()) {
            return false;
        }
        long pid = Long.parseLong(matcher.group(1));
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static List<Path> mountPoints() {
        List<Path> points = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                points.add(Path.of(line.split(" ")[4].replace("\\040", " ")));
            }
        } catch (IOException e) {
            return points;
        }
        return points;
    }

    /** Unmounts (lazily if busy) and deletes the image and directory. */
    void close() {
        if (mountPoints().contains(mountPoint) && tryRun("umount", mountPoint.toString()).isPresent()) {
            tryRun("umount", "-l", mountPoint.toString());
        }
        delete();
    }

    private void delete() {
        if (mountPoints().contains(mountPoint)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is under the temporary directory
        }
    }

    private void run(String... command) {
        tryRun(command).ifPresent(failure -> {
            throw new IllegalStateException(failure);
        });
    }

    /** Runs a command; empty on success, else what failed and what it printed. */
    private Optional<String> tryRun(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT_SEC, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of(String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT_SEC + " s");
            }
            if (process.exitValue() != 0) {
                return Optional.of(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(String.join(" ", command) + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(String.join(" ", command) + " was interrupted");
        }
    }
}
