package io.mapdirect.live;

import com.sun.jna.LastErrorException;
import io.mapdirect.live.xfs.XfsLoopMount;
import io.mapdirect.mm.FileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The filesystems the live tests use: the root filesystem and tmpfs (spec §8), and the loop-backed XFS
 * the lease tests also run on. Each
 * finds a directory on its filesystem, describes the filesystem to the model as a {@link FileOps}, and
 * prepares a fixture: a temporary directory holding one 16 KiB file, created with open(O_CREAT) and
 * ftruncate through JNA.
 */
enum LiveFilesystem {
    /** A temporary directory on the mount of {@code /}. */
    ROOT,
    /** A temporary directory in {@code /dev/shm}. */
    TMPFS,
    /** A temporary directory on the loop-backed XFS of the live XFS tests ({@link XfsLoopMount}). */
    XFS;

    /** Size of the fixture file: room for every offset-plus-length the generators use within the file. */
    static final long FILE_BYTES = 16 * 1024;

    /** A directory and file ready to be opened, and how the model sees them. */
    record Fixture(LiveFilesystem filesystem, MountTable.Mount mount, Path directory, Path file, FileOps ops) {
        /** The name the differences table uses in {@code fs=}. */
        String name() {
            return filesystem.name().toLowerCase(java.util.Locale.ROOT);
        }

        void delete() {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // best effort: the directory is in a temporary place
            }
        }
    }

    /** The fixture, or why there can be none here. */
    sealed interface Prepared {
        record Ready(Fixture fixture) implements Prepared { }

        record Unavailable(String reason) implements Prepared { }
    }

    /** Finds the directory, checks the filesystem, creates the fixture. */
    Prepared prepare() {
        Optional<String> kernel = LiveKernel.unavailableReason();
        if (kernel.isPresent()) {
            return new Prepared.Unavailable(kernel.get());
        }
        if (this == XFS && XfsLoopMount.unavailableReason().isPresent()) {
            return new Prepared.Unavailable(XfsLoopMount.unavailableReason().get());
        }
        Optional<Path> base = switch (this) {
            case ROOT -> rootDirectory();
            case TMPFS -> tmpfsDirectory();
            case XFS -> Optional.of(XfsLoopMount.ready().mountPoint());
        };
        Optional<MountTable.Mount> mount = base.flatMap(MountTable::mountOf);
        if (mount.isEmpty()) {
            return new Prepared.Unavailable(this != TMPFS
                    ? "no writable directory on the root filesystem's mount (tried java.io.tmpdir, /var/tmp, /tmp, target)"
                    : "no writable tmpfs mounted at /dev/shm");
        }
        Optional<FileOps> ops = describe(mount.get());
        if (ops.isEmpty()) {
            return new Prepared.Unavailable("no model description for a " + mount.get().fsType() + " mount"
                    + (mount.get().dax() ? " with DAX" : "") + " at " + mount.get().mountPoint());
        }
        return create(base.get(), mount.get(), ops.get());
    }

    /** A writable directory on the same mount as {@code /}. */
    private static Optional<Path> rootDirectory() {
        Optional<Path> rootMountPoint = MountTable.mountOf(Path.of("/")).map(MountTable.Mount::mountPoint);
        for (Path candidate : List.of(Path.of(System.getProperty("java.io.tmpdir", "/tmp")), Path.of("/var/tmp"),
                Path.of("/tmp"), Path.of("target").toAbsolutePath())) {
            Optional<Path> mountPoint = MountTable.mountOf(candidate).map(MountTable.Mount::mountPoint);
            if (mountPoint.isPresent() && mountPoint.equals(rootMountPoint) && Files.isWritable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> tmpfsDirectory() {
        Path shm = Path.of("/dev/shm");
        boolean isTmpfs = MountTable.mountOf(shm).map(mount -> mount.fsType().equals("tmpfs")).orElse(false);
        return isTmpfs && Files.isWritable(shm) ? Optional.of(shm) : Optional.empty();
    }

    /**
     * The model's description of a filesystem as merged Linux implements its mmap: ext4 and xfs have
     * FOP_MMAP_SYNC and refuse VM_SYNC without DAX; tmpfs and btrfs have a plain {@code ->mmap}. A DAX
     * mount is not described: whether its device is synchronous decides MAP_SYNC, and /proc does not say.
     */
    static Optional<FileOps> describe(MountTable.Mount mount) {
        if (mount.dax()) {
            return Optional.empty();
        }
        FileOps ops = switch (mount.fsType()) {
            case "tmpfs" -> FileOps.tmpfs();
            case "ext4" -> FileOps.ext4();
            case "xfs" -> FileOps.xfs();
            case "btrfs" -> FileOps.plain("btrfs");
            default -> null;
        };
        return Optional.ofNullable(ops).map(found -> found.withNoexecMount(mount.noexec()));
    }

    private Prepared create(Path base, MountTable.Mount mount, FileOps ops) {
        Path directory;
        try {
            directory = Files.createTempDirectory(base, "mapdirect-live-");
        } catch (IOException | SecurityException e) {
            return new Prepared.Unavailable("no permission to create a directory in " + base + ": " + e);
        }
        Path file = directory.resolve("f");
        try {
            LibC libc = LiveKernel.libc();
            int fd = libc.open(file.toString(), LibC.O_RDWR | LibC.O_CREAT, 0600);
            try {
                libc.ftruncate(fd, FILE_BYTES);
            } finally {
                libc.close(fd);
            }
        } catch (LastErrorException e) {
            return new Prepared.Unavailable("cannot create " + file + ": errno " + e.getErrorCode());
        }
        return new Prepared.Ready(new Fixture(this, mount, directory, file, ops.withName(mount.fsType())));
    }
}
