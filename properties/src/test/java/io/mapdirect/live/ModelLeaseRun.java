package io.mapdirect.live;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.kernel.KernelConfig;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunOutcome;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.VirtualClock;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lease sequence through the model's {@code linux-6.x} world: one process (root, the file's owner) runs
 * the calls on a 16 KiB file ({@code /plain} stands for tmpfs, {@code /xfs} without DAX for the root
 * filesystem and for the loop-backed XFS). A call that may sleep runs on a task of its own; after every call the driver sleeps one
 * virtual microsecond, so every woken breaker runs before the step is observed.
 */
final class ModelLeaseRun {
    private static final long SETTLE_NS = 1_000;
    private static final long FILE_BYTES = 16 * 1024;

    private final World world;
    private final Process process;
    private final String path;
    private final int[] fds = {-1, -1, -1};
    private final Map<Integer, SysResult[]> pending = new LinkedHashMap<>();
    private final Map<Integer, Integer> pendingOpens = new LinkedHashMap<>();
    private int signalsSeen;

    private ModelLeaseRun(LiveFilesystem filesystem, long leaseBreakTimeSec) {
        KernelConfig kernel = KernelConfig.defaults().withProfile(FlagProfile.LINUX_6X).withLeaseBreakTimeSec(leaseBreakTimeSec);
        this.world = World.boot(WorldConfig.defaults().withKernel(kernel).withXfsDax(false));
        this.process = world.process("P", Creds.user(0));
        this.path = (filesystem == LiveFilesystem.TMPFS ? World.PLAIN : World.XFS) + "/f";
    }

    /** The steps the model shows for {@code ops}. */
    static List<LeaseStep> run(LiveFilesystem filesystem, long leaseBreakTimeSec, List<LeaseOp> ops) {
        ModelLeaseRun run = new ModelLeaseRun(filesystem, leaseBreakTimeSec);
        List<LeaseStep> steps = new ArrayList<>();
        run.world.start(run.process, () -> {
            run.createFile();
            for (int i = 0; i < ops.size(); i++) {
                String answer = run.call(i, ops.get(i));
                run.world.sim().sleepNs(SETTLE_NS, null);
                steps.add(new LeaseStep(answer, run.collectReturns(), run.collectSignals()));
            }
        });
        RunResult result = run.world.run();
        if (result.outcome() instanceof RunOutcome.Crashed || result.outcome() instanceof RunOutcome.Runaway) {
            throw new AssertionError("the model " + result.outcome().describe() + " on " + LeaseOp.text(ops));
        }
        if (steps.size() != ops.size()) {
            throw new AssertionError("the model's driver stopped after " + steps.size() + " calls: "
                    + result.outcome().describe());
        }
        return steps;
    }

    private void createFile() {
        int fd = (int) world.files().open(process, path, OpenFlags.O_RDWR | OpenFlags.O_CREAT).valueOrThrow();
        world.files().ftruncate(process, fd, FILE_BYTES).valueOrThrow();
        world.files().close(process, fd);
    }

    private String call(int step, LeaseOp op) {
        int d = op.description();
        boolean usable = d < 0 || fds[d] >= 0;
        if (op instanceof LeaseOp.Open ? fds[d] >= 0 || pendingOpens.containsValue(d) : !usable) {
            return LeaseStep.SKIP;
        }
        if (op.mayBlock()) {
            SysResult[] result = new SysResult[1];
            world.start(process, () -> result[0] = blockingCall(op));
            world.sim().sleepNs(SETTLE_NS, null);
            if (result[0] != null) {
                return finish(op, result[0]);
            }
            pending.put(step, result);
            if (op instanceof LeaseOp.Open) {
                pendingOpens.put(step, d);
            }
            return LeaseStep.SLEEPS;
        }
        return switch (op) {
            case LeaseOp.Open open -> finish(op, world.files().open(process, path, open.access() | OpenFlags.O_NONBLOCK));
            case LeaseOp.Close close -> {
                SysResult rc = world.files().close(process, fds[d]);
                fds[d] = -1;
                yield answer(rc);
            }
            case LeaseOp.SetLease set -> answer(world.leases().setLease(process, fds[d], set.type()));
            case LeaseOp.GetLease get -> {
                SysResult rc = world.leases().getLease(process, fds[d]);
                yield rc.isOk() ? LeaseStep.leaseTypeName(rc.valueOrThrow()) : answer(rc);
            }
            case LeaseOp.Ftruncate f -> answer(world.files().ftruncate(process, fds[d], f.lengthBytes()));
            case LeaseOp.Wait w -> {
                world.sim().sleepNs(w.millis() * VirtualClock.NS_PER_MS, null);
                yield "OK";
            }
            case LeaseOp.Truncate t -> throw new IllegalStateException("truncate may block");
        };
    }

    private SysResult blockingCall(LeaseOp op) {
        return switch (op) {
            case LeaseOp.Open open -> world.files().open(process, path, open.access());
            case LeaseOp.Truncate t -> world.files().truncate(process, path, t.lengthBytes());
            default -> throw new IllegalStateException(op.text() + " does not block");
        };
    }

    /** The answer of a returned call; a returned open takes its description. */
    private String finish(LeaseOp op, SysResult rc) {
        if (op instanceof LeaseOp.Open open && rc.isOk()) {
            fds[open.d()] = (int) rc.valueOrThrow();
        }
        return answer(rc);
    }

    private List<String> collectReturns() {
        List<String> woke = new ArrayList<>();
        for (Map.Entry<Integer, SysResult[]> entry : List.copyOf(pending.entrySet())) {
            SysResult rc = entry.getValue()[0];
            if (rc == null) {
                continue;
            }
            pending.remove(entry.getKey());
            Integer d = pendingOpens.remove(entry.getKey());
            if (d != null && rc.isOk()) {
                fds[d] = (int) rc.valueOrThrow();
            }
            woke.add("#" + entry.getKey() + "=" + answer(rc));
        }
        return woke;
    }

    private List<String> collectSignals() {
        List<String> signalled = new ArrayList<>();
        List<Process.ReceivedSignal> signals = process.signals();
        for (Process.ReceivedSignal signal : signals.subList(signalsSeen, signals.size())) {
            if (signal.signal() == Signal.SIGIO) {
                signalled.add(descriptionOf(signal.fd()));
            }
        }
        signalsSeen = signals.size();
        return signalled;
    }

    private String descriptionOf(int fd) {
        for (int d = 0; d < fds.length; d++) {
            if (fds[d] == fd) {
                return "d" + d;
            }
        }
        return "fd" + fd;
    }

    private static String answer(SysResult rc) {
        return rc.isOk() ? "OK" : rc.brief();
    }
}
