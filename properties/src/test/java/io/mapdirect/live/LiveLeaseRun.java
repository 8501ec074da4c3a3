package io.mapdirect.live;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lease sequence on the live kernel: a fresh 16 KiB file in the fixture's directory, three open file
 * descriptions of it in this process, calls that may sleep on threads of their own ({@link BlockingCall}),
 * break signals caught by {@link SigioCatcher}. Before every F_SETLEASE the description's signal is reset
 * to 0 (F_SETLEASE points the description at the whole process, which ignores SIGIO); after it the
 * description is pointed at the catcher's thread as {@link NativeLeases#SIG_LEASE}. After every call each
 * sleeping call is settled (returned, or asleep in {@code __break_lease}), then the signals are drained.
 * At the end every description is closed, which lets every sleeping call return.
 */
final class LiveLeaseRun implements AutoCloseable {
    private final String path;
    private final SigioCatcher catcher = SigioCatcher.get();
    private final int[] fds = {-1, -1, -1};
    private final Map<Integer, BlockingCall> pending = new LinkedHashMap<>();
    private final Map<Integer, Integer> pendingOpens = new LinkedHashMap<>();

    private LiveLeaseRun(Path file) {
        this.path = file.toString();
    }

    /** The steps the kernel shows for {@code ops} on a new file {@code file}. */
    static List<LeaseStep> run(Path file, List<LeaseOp> ops) {
        try (LiveLeaseRun run = new LiveLeaseRun(file)) {
            run.createFile();
            List<LeaseStep> steps = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                String answer = run.call(i, ops.get(i));
                List<String> woke = run.collectReturns();
                steps.add(new LeaseStep(answer, woke, run.collectSignals()));
            }
            return steps;
        }
    }

    private void createFile() {
        long fd = NativeLeases.open(path, LibC.O_RDWR | LibC.O_CREAT);
        check(fd, "create " + path);
        check(NativeLeases.ftruncate((int) fd, LiveFilesystem.FILE_BYTES), "ftruncate " + path);
        check(NativeLeases.close((int) fd), "close");
        catcher.drain();
    }

    private String call(int step, LeaseOp op) {
        int d = op.description();
        boolean usable = d < 0 || fds[d] >= 0;
        if (op instanceof LeaseOp.Open ? fds[d] >= 0 || pendingOpens.containsValue(d) : !usable) {
            return LeaseStep.SKIP;
        }
        if (op.mayBlock()) {
            BlockingCall call = new BlockingCall("#" + step, () -> switch (op) {
                case LeaseOp.Open open -> NativeLeases.open(path, open.access());
                case LeaseOp.Truncate t -> NativeLeases.truncate(path, t.lengthBytes());
                default -> throw new IllegalStateException(op.text());
            });
            if (call.settle()) {
                return finish(op, call.result());
            }
            pending.put(step, call);
            if (op instanceof LeaseOp.Open) {
                pendingOpens.put(step, d);
            }
            return LeaseStep.SLEEPS;
        }
        return switch (op) {
            case LeaseOp.Open open -> finish(op, NativeLeases.open(path, open.access() | LibC.O_NONBLOCK));
            case LeaseOp.Close close -> {
                long rc = NativeLeases.close(fds[d]);
                fds[d] = -1;
                yield LeaseStep.answerOf(rc);
            }
            case LeaseOp.SetLease set -> setLease(fds[d], set.type());
            case LeaseOp.GetLease get -> {
                long rc = NativeLeases.fcntl(fds[d], NativeLeases.F_GETLEASE, 0);
                yield rc >= 0 ? LeaseStep.leaseTypeName(rc) : LeaseStep.answerOf(rc);
            }
            case LeaseOp.Ftruncate f -> LeaseStep.answerOf(NativeLeases.ftruncate(fds[d], f.lengthBytes()));
            case LeaseOp.Wait w -> {
                await().pollDelay(Duration.ofMillis(w.millis())).atMost(Duration.ofMillis(w.millis() + 10_000))
                        .until(() -> true);
                yield "OK";
            }
            case LeaseOp.Truncate t -> throw new IllegalStateException("truncate may block");
        };
    }

    private String setLease(int fd, int type) {
        check(NativeLeases.fcntl(fd, NativeLeases.F_SETSIG, 0), "F_SETSIG 0");
        long rc = NativeLeases.fcntl(fd, NativeLeases.F_SETLEASE, type);
        check(NativeLeases.setOwnerThread(fd, catcher.tid()), "F_SETOWN_EX");
        check(NativeLeases.fcntl(fd, NativeLeases.F_SETSIG, NativeLeases.SIG_LEASE), "F_SETSIG");
        return LeaseStep.answerOf(rc);
    }

    private String finish(LeaseOp op, long rc) {
        if (op instanceof LeaseOp.Open open && rc >= 0) {
            fds[open.d()] = (int) rc;
        }
        return LeaseStep.answerOf(rc);
    }

    private List<String> collectReturns() {
        List<String> woke = new ArrayList<>();
        for (Map.Entry<Integer, BlockingCall> entry : List.copyOf(pending.entrySet())) {
            if (!entry.getValue().settle()) {
                continue;
            }
            long rc = entry.getValue().result();
            pending.remove(entry.getKey());
            Integer d = pendingOpens.remove(entry.getKey());
            if (d != null && rc >= 0) {
                fds[d] = (int) rc;
            }
            woke.add("#" + entry.getKey() + "=" + LeaseStep.answerOf(rc));
        }
        return woke;
    }

    private List<String> collectSignals() {
        List<String> signalled = new ArrayList<>();
        for (int fd : catcher.drain()) {
            signalled.add(descriptionOf(fd));
        }
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

    /** Closes every description, waits for every sleeping call and closes what it opened, drains signals. */
    @Override
    public void close() {
        for (int d = 0; d < fds.length; d++) {
            if (fds[d] >= 0) {
                NativeLeases.close(fds[d]);
                fds[d] = -1;
            }
        }
        for (Map.Entry<Integer, BlockingCall> entry : pending.entrySet()) {
            BlockingCall call = entry.getValue();
            call.awaitReturn();
            if (pendingOpens.containsKey(entry.getKey()) && call.result() >= 0) {
                NativeLeases.close((int) call.result());
            }
        }
        pending.clear();
        pendingOpens.clear();
        catcher.drain();
        try {
            java.nio.file.Files.deleteIfExists(Path.of(path));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot delete " + path, e);
        }
    }

    private static void check(long rc, String what) {
        if (rc < 0) {
            throw new IllegalStateException(what + ": " + LeaseStep.answerOf(rc));
        }
    }
}
