package io.mapdirect.live;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * The lease sysctls, {@code /proc/sys/fs/leases-enable} and {@code /proc/sys/fs/lease-break-time}, and the
 * machine-wide lock file {@code /tmp/mapdirect-leases.lock} every live lease test holds (other builds on the
 * machine run them too). Another actor on the machine may change lease-break-time at any time: a time-out
 * example restores the old value only if the sysctl still holds the value it wrote, and a sequence that
 * sees the value change is not compared.
 */
final class LeaseSysctl {
    static final Path LEASES_ENABLE = Path.of("/proc/sys/fs/leases-enable");
    static final Path LEASE_BREAK_TIME = Path.of("/proc/sys/fs/lease-break-time");
    static final Path LOCK_FILE = Path.of("/tmp/mapdirect-leases.lock");
    private static final Duration LOCK_WAIT = Duration.ofMinutes(3);

    private LeaseSysctl() {
    }

    static boolean leasesEnabled() {
        return read(LEASES_ENABLE).map(value -> !value.equals("0")).orElse(false);
    }

    /** lease-break-time in seconds, or -1 if it cannot be read. */
    static long breakTimeSec() {
        return read(LEASE_BREAK_TIME).map(Long::parseLong).orElse(-1L);
    }

    /** Writes lease-break-time (root only); false if it cannot be written. */
    static boolean writeBreakTimeSec(long seconds) {
        try {
            Files.writeString(LEASE_BREAK_TIME, Long.toString(seconds));
            return breakTimeSec() == seconds;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Restores {@code old} if the sysctl still holds {@code written}; else leaves the other actor's value. */
    static void restoreBreakTimeSec(long written, long old) {
        if (breakTimeSec() == written) {
            writeBreakTimeSec(old);
        }
    }

    /** The machine-wide lock, waited for at most three minutes; empty if another process holds it longer. */
    static Optional<MachineLock> lockMachine() {
        try {
            FileChannel channel = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock[] lock = new FileLock[1];
            try {
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).atMost(LOCK_WAIT)
                        .until(() -> (lock[0] = channel.tryLock()) != null);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new MachineLock(channel, lock[0]));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A held machine-wide lock. */
    record MachineLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel anyway
            }
        }
    }

    private static Optional<String> read(Path path) {
        try {
            return Optional.of(Files.readString(path).trim());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
