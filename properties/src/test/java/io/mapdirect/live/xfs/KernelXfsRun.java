package io.mapdirect.live.xfs;

import io.mapdirect.kernel.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A block-map sequence on the real XFS: files {@code f0..f<n-1>} created empty in a new directory of the
 * mount (and made durable with sync), opened O_RDWR, the calls made through JNA, and after each call
 * every file observed: size, FIEMAP (with FIEMAP_FLAG_SYNC) and the data.
 */
final class KernelXfsRun implements AutoCloseable {
    private final Path directory;
    private final int[] fds;

    KernelXfsRun(XfsLoopMount mount, int fileCount) {
        this.directory = mount.newDirectory("seq");
        this.fds = new int[fileCount];
        for (int f = 0; f < fileCount; f++) {
            long fd = NativeXfs.open(path(f), NativeXfs.O_RDWR | NativeXfs.O_CREAT);
            if (fd < 0) {
                throw new IllegalStateException("cannot create " + path(f) + ": " + errnoName(fd));
            }
            fds[f] = (int) fd;
        }
        NativeXfs.sync();
    }

    /** Runs every call and observes after each. */
    static List<XfsStep> run(XfsLoopMount mount, int fileCount, List<XfsOp> ops) {
        try (KernelXfsRun run = new KernelXfsRun(mount, fileCount)) {
            List<XfsStep> steps = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                String answer = run.call(ops.get(i), XfsStep.versionOf(i));
                steps.add(new XfsStep(answer, run.observe(true)));
            }
            return steps;
        }
    }

    String path(int file) {
        return directory.resolve("f" + file).toString();
    }

    int fd(int file) {
        return fds[file];
    }

    String call(XfsOp op, long version) {
        long rc = switch (op) {
            case XfsOp.Pwrite w -> NativeXfs.pwrite(fds[w.file()], data(w.lengthBytes(), version), w.offsetBytes());
            case XfsOp.Fallocate a -> NativeXfs.fallocate(fds[a.file()], a.mode(), a.offsetBytes(), a.lengthBytes());
            case XfsOp.Truncate t -> NativeXfs.truncate(path(t.file()), t.sizeBytes());
            case XfsOp.Ftruncate t -> NativeXfs.ftruncate(fds[t.file()], t.sizeBytes());
            case XfsOp.Ficlone c -> NativeXfs.ficlone(fds[c.file()], fds[c.source()]);
            case XfsOp.FicloneRange c -> NativeXfs.ficloneRange(fds[c.file()], fds[c.source()], c.srcOffsetBytes(),
                    c.lengthBytes(), c.destOffsetBytes());
            case XfsOp.Fsync s -> NativeXfs.fsync(fds[s.file()]);
        };
        return answer(op, rc);
    }

    static String answer(XfsOp op, long rc) {
        if (rc < 0) {
            return errnoName(rc);
        }
        return op instanceof XfsOp.Pwrite w && rc != w.lengthBytes() ? Long.toString(rc) : "OK";
    }

    static String errnoName(long rc) {
        for (Errno errno : Errno.values()) {
            if (errno.code() == -rc) {
                return errno.name();
            }
        }
        return "errno" + -rc;
    }

    /**
     * Every file's size, data and (if {@code extents}) FIEMAP blocks. With extents, every file is first
     * written back (FIEMAP_FLAG_SYNC) so that a copy-on-write of one file has ended (its old block's
     * reference dropped) before another file's sharing is read.
     */
    List<XfsFileState> observe(boolean extents) {
        if (extents) {
            for (int fd : fds) {
                NativeXfs.fiemap(fd);
            }
        }
        List<XfsFileState> states = new ArrayList<>();
        for (int f = 0; f < fds.length; f++) {
            states.add(observe(fds[f], extents));
        }
        return states;
    }

    static XfsFileState observe(int fd, boolean extents) {
        long size = sizeOf(fd);
        long blocks = (size + XfsStep.BLOCK_BYTES - 1) / XfsStep.BLOCK_BYTES;
        ByteBuffer data = ByteBuffer.wrap(NativeXfs.pread(fd, 0, (int) (blocks * XfsStep.BLOCK_BYTES)))
                .order(ByteOrder.LITTLE_ENDIAN);
        List<Long> versions = new ArrayList<>();
        for (long b = 0; b < blocks; b++) {
            versions.add(data.getLong((int) (b * XfsStep.BLOCK_BYTES)));
        }
        TreeMap<Long, XfsFileState.Block> map = new TreeMap<>();
        if (extents) {
            for (NativeXfs.Extent extent : NativeXfs.fiemap(fd)) {
                addBlocks(map, extent);
            }
        }
        return new XfsFileState(size, map, versions);
    }

    private static void addBlocks(TreeMap<Long, XfsFileState.Block> map, NativeXfs.Extent extent) {
        int flags = extent.flags();
        char state = (flags & NativeXfs.FIEMAP_EXTENT_DELALLOC) != 0 ? 'D'
                : (flags & NativeXfs.FIEMAP_EXTENT_UNWRITTEN) != 0 ? 'U' : 'W';
        boolean shared = (flags & NativeXfs.FIEMAP_EXTENT_SHARED) != 0;
        for (long at = 0; at < extent.lengthBytes(); at += XfsStep.BLOCK_BYTES) {
            long physical = state == 'D' ? -1 - (extent.logicalBytes() + at) : extent.physicalBytes() + at;
            map.put((extent.logicalBytes() + at) / XfsStep.BLOCK_BYTES, new XfsFileState.Block(state, shared, physical));
        }
    }

    private static long sizeOf(int fd) {
        try {
            return java.nio.file.Files.size(Path.of("/proc/self/fd/" + fd));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot stat fd " + fd + ": " + e.getMessage(), e);
        }
    }

    static byte[] data(long lengthBytes, long version) {
        ByteBuffer buffer = ByteBuffer.allocate((int) lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.remaining() >= Long.BYTES) {
            buffer.putLong(version);
        }
        return buffer.array();
    }

    @Override
    public void close() {
        for (int fd : fds) {
            NativeXfs.close(fd);
        }
    }
}
