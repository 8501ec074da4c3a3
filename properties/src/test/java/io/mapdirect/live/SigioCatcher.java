package io.mapdirect.live;

import static org.awaitility.Awaitility.await;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Catches the signals of lease breaks without letting one reach the JVM. SIGIO and {@link
 * NativeLeases#SIG_LEASE} are ignored process-wide; one dedicated platform thread blocks SIG_LEASE, and
 * every description's breaks are pointed at that thread ({@code F_SETOWN_EX}) as SIG_LEASE ({@code
 * F_SETSIG}), so they queue on it (a blocked signal is not discarded even when ignored) and carry the fd
 * in {@code si_fd}. {@link #drain()} asks the thread to take every queued one with {@code
 * rt_sigtimedwait}. One catcher serves the JVM.
 */
final class SigioCatcher {
    private static SigioCatcher instance;

    private final LinkedBlockingQueue<CompletableFuture<List<Integer>>> requests = new LinkedBlockingQueue<>();
    private volatile int tid;

    private SigioCatcher() {
    }

    /** The catcher, started on first use. */
    static synchronized SigioCatcher get() {
        if (instance == null) {
            LiveKernel.libc().signal(NativeLeases.SIGIO, new Pointer(1));
            LiveKernel.libc().signal(NativeLeases.SIG_LEASE, new Pointer(1));
            SigioCatcher catcher = new SigioCatcher();
            Thread.ofPlatform().daemon().name("mapdirect-sigio-catcher").start(catcher::serve);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> catcher.tid != 0);
            instance = catcher;
        }
        return instance;
    }

    /** The catching thread's id, for {@code F_SETOWN_EX}. */
    int tid() {
        return tid;
    }

    /** The {@code si_fd} of every break signal queued since the last drain, in arrival order. */
    List<Integer> drain() {
        CompletableFuture<List<Integer>> reply = new CompletableFuture<>();
        requests.add(reply);
        try {
            return reply.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted draining signals", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the signal catcher did not answer", e);
        }
    }

    private void serve() {
        long blocked = NativeLeases.blockSignal(NativeLeases.SIG_LEASE);
        if (blocked != 0) {
            throw new IllegalStateException("rt_sigprocmask: errno " + -blocked);
        }
        Memory set = NativeLeases.sigset(NativeLeases.SIG_LEASE);
        tid = NativeLeases.gettid();
        while (true) {
            CompletableFuture<List<Integer>> request;
            try {
                request = requests.take();
            } catch (InterruptedException e) {
                return;
            }
            List<Integer> fds = new ArrayList<>();
            for (long fd = NativeLeases.takeSignalFd(set); fd >= 0; fd = NativeLeases.takeSignalFd(set)) {
                fds.add((int) fd);
            }
            request.complete(fds);
        }
    }
}
