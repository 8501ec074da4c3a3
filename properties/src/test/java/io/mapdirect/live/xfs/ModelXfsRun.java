package io.mapdirect.live.xfs;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.fs.xfs.BlockAllocator;
import io.mapdirect.fs.xfs.ExtentMap;
import io.mapdirect.fs.xfs.MappedBlock;
import io.mapdirect.fs.xfs.Xfs;
import io.mapdirect.fs.xfs.XfsInode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.kernel.KernelConfig;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunOutcome;
import io.mapdirect.sim.RunResult;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A block-map sequence through the model's {@code linux-6.x} world with XFS mounted without DAX: one
 * process (root) creates {@code /xfs/f0..} and makes the calls in one task; after each call every
 * file is observed as {@link KernelXfsRun} observes the kernel's (size, block map with the reference
 * count as the shared flag, data). {@link #crashAndObserve} crashes the world afterwards and observes
 * what recovery kept.
 */
final class ModelXfsRun {
    private final World world;
    private final Process process;
    private final int[] fds;

    private ModelXfsRun(int fileCount) {
        KernelConfig kernel = KernelConfig.defaults().withProfile(FlagProfile.LINUX_6X);
        this.world = World.boot(WorldConfig.defaults().withKernel(kernel).withXfsDax(false));
        this.process = world.process("P", Creds.user(0));
        this.fds = new int[fileCount];
    }

    /** The steps the model shows for {@code ops}. */
    static List<XfsStep> run(int fileCount, List<XfsOp> ops) {
        ModelXfsRun run = new ModelXfsRun(fileCount);
        List<XfsStep> steps = run.runAll(ops, true);
        return steps;
    }

    /** The model's files after {@code ops} and a crash: sizes and data (no block states). */
    static List<XfsFileState> crashAndObserve(int fileCount, List<XfsOp> ops) {
        ModelXfsRun run = new ModelXfsRun(fileCount);
        run.runAll(ops, false);
        run.world.crash();
        List<XfsFileState> states = new ArrayList<>();
        for (int f = 0; f < fileCount; f++) {
            states.add(run.observe(f, false));
        }
        return states;
    }

    private List<XfsStep> runAll(List<XfsOp> ops, boolean observe) {
        List<XfsStep> steps = new ArrayList<>();
        world.start(process, () -> {
            for (int f = 0; f < fds.length; f++) {
                fds[f] = (int) world.files().open(process, path(f), OpenFlags.O_RDWR | OpenFlags.O_CREAT).valueOrThrow();
            }
            for (int i = 0; i < ops.size(); i++) {
                String answer = answer(ops.get(i), call(ops.get(i), XfsStep.versionOf(i)));
                steps.add(new XfsStep(answer, observe ? observeAll() : List.of()));
            }
        });
        RunResult result = world.run();
        if (result.outcome() instanceof RunOutcome.Crashed || result.outcome() instanceof RunOutcome.Runaway
                || steps.size() != ops.size()) {
            throw new AssertionError("the model " + result.outcome().describe() + " after " + steps.size()
                    + " calls of " + XfsOp.text(ops));
        }
        return steps;
    }

    private static String path(int file) {
        return World.XFS + "/f" + file;
    }

    private SysResult call(XfsOp op, long version) {
        return switch (op) {
            case XfsOp.Pwrite w -> world.files().write(process, fds[w.file()], w.offsetBytes(), w.lengthBytes(), version);
            case XfsOp.Fallocate a -> world.files().fallocate(process, fds[a.file()], a.mode(), a.offsetBytes(),
                    a.lengthBytes());
            case XfsOp.Truncate t -> world.files().truncate(process, path(t.file()), t.sizeBytes());
            case XfsOp.Ftruncate t -> world.files().ftruncate(process, fds[t.file()], t.sizeBytes());
            case XfsOp.Ficlone c -> world.files().ficlone(process, fds[c.file()], fds[c.source()]);
            case XfsOp.FicloneRange c -> world.files().ficloneRange(process, fds[c.file()], fds[c.source()],
                    c.srcOffsetBytes(), c.lengthBytes(), c.destOffsetBytes());
            case XfsOp.Fsync s -> world.files().fsync(process, fds[s.file()]);
        };
    }

    private static String answer(XfsOp op, SysResult rc) {
        if (!rc.isOk()) {
            return rc.brief();
        }
        long value = rc.valueOrThrow();
        return op instanceof XfsOp.Pwrite w && value != w.lengthBytes() ? Long.toString(value) : "OK";
    }

    private List<XfsFileState> observeAll() {
        List<XfsFileState> states = new ArrayList<>();
        for (int f = 0; f < fds.length; f++) {
            states.add(observe(f, true));
        }
        return states;
    }

    private XfsFileState observe(int file, boolean extents) {
        XfsInode inode = (XfsInode) world.vfs().lookup(path(file));
        Xfs xfs = world.xfs();
        long size = inode.sizeBytes();
        List<Long> versions = new ArrayList<>();
        for (long b = 0; b < ExtentMap.blocksForBytes(size); b++) {
            versions.add(xfs.contentVersion(inode, b));
        }
        TreeMap<Long, XfsFileState.Block> blocks = new TreeMap<>();
        if (extents) {
            BlockAllocator allocator = inode.map().allocator();
            for (MappedBlock mapped : inode.map().mappings()) {
                int pmem = mapped.mapping().pmemBlock();
                blocks.put(mapped.fileBlock(), new XfsFileState.Block(mapped.mapping().isWritten() ? 'W' : 'U',
                        allocator.refcount(pmem) > 1, pmem));
            }
        }
        return new XfsFileState(size, blocks, versions);
    }
}
