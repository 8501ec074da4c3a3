package io.mapdirect.live;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A call that may sleep in a lease break (a blocking open, truncate), run on its own platform thread.
 * {@link #settle()} waits, at most 10 s, until the call has returned or its thread sleeps in
 * {@code __break_lease} ({@code /proc/self/task/<tid>/wchan}, state S). A woken breaker is made runnable
 * inside the waker's system call, so a thread seen sleeping there after that call returned was not woken.
 */
final class BlockingCall {
    static final String BREAK_LEASE = "__break_lease";
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(10);

    private final Thread thread;
    private volatile int tid;
    private volatile boolean done;
    private volatile long result;

    BlockingCall(String name, LongSupplier call) {
        this.thread = Thread.ofPlatform().daemon().name("mapdirect-lease-" + name).start(() -> {
            tid = NativeLeases.gettid();
            result = call.getAsLong();
            done = true;
        });
    }

    boolean done() {
        return done;
    }

    /** The call's return ({@code >= 0} or {@code -errno}); only once {@link #done()}. */
    long result() {
        if (!done) {
            throw new IllegalStateException("the call has not returned");
        }
        return result;
    }

    /** Whether the call's thread sleeps in {@code __break_lease} right now. */
    boolean sleepingInBreak() {
        int id = tid;
        if (id == 0 || done) {
            return false;
        }
        Path task = Path.of("/proc/self/task/" + id);
        return BREAK_LEASE.equals(read(task.resolve("wchan"))) && state(read(task.resolve("stat"))) == 'S';
    }

    /** Waits until the call returned or sleeps in the break; true if it returned. */
    boolean settle() {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(SETTLE_LIMIT)
                .until(() -> done || sleepingInBreak());
        return done;
    }

    /** Waits until the call returned (after the test let every lease go). */
    void awaitReturn() {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(SETTLE_LIMIT).until(() -> done);
    }

    String threadName() {
        return thread.getName();
    }

    private static char state(String stat) {
        int close = stat.lastIndexOf(')');
        return close < 0 || close + 2 >= stat.length() ? '?' : stat.charAt(close + 2);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
