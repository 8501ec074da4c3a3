package io.mapdirect.live;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the live lease oracle can run here, and why not: the live kernel (Linux x86-64, libc), leases
 * enabled, lease-break-time at least 2 s (else breakers time out in the middle of a sequence), the
 * machine-wide lock, and per filesystem the fixture, a filesystem that grants leases and a
 * {@code /proc/self/task/<tid>/wchan} that shows a breaker sleeping in {@code __break_lease}. Probed once.
 */
final class LeaseEnvironment {
    static final long MIN_BREAK_TIME_SEC = 2;
    private static final AtomicInteger FILES = new AtomicInteger();
    private static final Map<LiveFilesystem, Optional<String>> PROBED = new EnumMap<>(LiveFilesystem.class);
    private static Optional<String> general;
    private static LeaseSysctl.MachineLock lock;

    private LeaseEnvironment() {
    }

    /** Why no live lease test can run here, or empty. Takes the machine-wide lock on first use. */
    static synchronized Optional<String> unavailableReason() {
        if (general == null) {
            general = probeGeneral();
        }
        return general;
    }

    /** Why no live lease test can run on {@code filesystem}, or empty. */
    static synchronized Optional<String> unavailableReason(LiveFilesystem filesystem) {
        Optional<String> reason = unavailableReason();
        if (reason.isPresent()) {
            return reason;
        }
        return PROBED.computeIfAbsent(filesystem, LeaseEnvironment::probe);
    }

    /** Releases the machine-wide lock (after the test container). */
    static synchronized void release() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
        general = null;
        PROBED.clear();
    }

    /** A new file name in the fixture's directory (the file is created by the run). */
    static Path newFile(LiveFilesystem.Fixture fixture) {
        return fixture.directory().resolve("lease-" + FILES.incrementAndGet());
    }

    private static Optional<String> probeGeneral() {
        Optional<String> kernel = LiveKernel.unavailableReason();
        if (kernel.isPresent()) {
            return kernel;
        }
        if (!LeaseSysctl.leasesEnabled()) {
            return Optional.of("leases are disabled (" + LeaseSysctl.LEASES_ENABLE + " is not 1)");
        }
        long breakTimeSec = LeaseSysctl.breakTimeSec();
        if (breakTimeSec < MIN_BREAK_TIME_SEC) {
            return Optional.of("lease-break-time is " + breakTimeSec + " s, below " + MIN_BREAK_TIME_SEC
                    + " s: breakers would time out in the middle of a sequence");
        }
        Optional<LeaseSysctl.MachineLock> held = LeaseSysctl.lockMachine();
        if (held.isEmpty()) {
            return Optional.of("another process held " + LeaseSysctl.LOCK_FILE + " for three minutes");
        }
        lock = held.get();
        return Optional.empty();
    }

    /**
     * Takes a read lease on a probe file and opens it for writing on another thread: the lease must be
     * granted and the opener must be seen sleeping in {@code __break_lease}; then the lease is given up.
     */
    private static Optional<String> probe(LiveFilesystem filesystem) {
        if (!(LiveFixtures.get(filesystem) instanceof LiveFilesystem.Prepared.Ready ready)) {
            LiveFilesystem.Prepared.Unavailable missing = (LiveFilesystem.Prepared.Unavailable) LiveFixtures.get(filesystem);
            return Optional.of(filesystem + ": " + missing.reason());
        }
        String path = newFile(ready.fixture()).toString();
        SigioCatcher catcher = SigioCatcher.get();
        long created = NativeLeases.open(path, LibC.O_RDWR | LibC.O_CREAT);
        if (created < 0) {
            return Optional.of("cannot create " + path + ": " + LeaseStep.answerOf(created));
        }
        NativeLeases.close((int) created);
        long fd = NativeLeases.open(path, 0);
        try {
            NativeLeases.setOwnerThread((int) fd, catcher.tid());
            NativeLeases.fcntl((int) fd, NativeLeases.F_SETSIG, NativeLeases.SIG_LEASE);
            long rc = NativeLeases.fcntl((int) fd, NativeLeases.F_SETLEASE, 0);
            if (rc < 0) {
                return Optional.of(ready.fixture().mount().fsType() + " at " + ready.fixture().mount().mountPoint()
                        + " refuses read leases: " + LeaseStep.answerOf(rc));
            }
            NativeLeases.setOwnerThread((int) fd, catcher.tid());
            NativeLeases.fcntl((int) fd, NativeLeases.F_SETSIG, NativeLeases.SIG_LEASE);
            BlockingCall writer = new BlockingCall("probe", () -> NativeLeases.open(path, 1));
            boolean seen;
            try {
                writer.settle();
                seen = !writer.done();
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                seen = false;
            }
            NativeLeases.fcntl((int) fd, NativeLeases.F_SETLEASE, 2);
            writer.awaitReturn();
            if (writer.result() >= 0) {
                NativeLeases.close((int) writer.result());
            }
            return seen ? Optional.empty() : Optional.of("no wchan: a writer breaking a lease was not seen sleeping in "
                    + BlockingCall.BREAK_LEASE + " (/proc/self/task/<tid>/wchan)");
        } finally {
            NativeLeases.close((int) fd);
            catcher.drain();
            new java.io.File(path).delete();
        }
    }
}
