package io.mapdirect.proc;

import io.mapdirect.fs.FdTable;
import io.mapdirect.fs.File;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Current;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SignalTarget;
import io.mapdirect.mm.MmStruct;
import io.mapdirect.mm.PhysicalMemory;
import io.mapdirect.sim.Task;
import io.mapdirect.sim.WaitQueue;
import io.mapdirect.sim.WaitResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A user process ({@code task_struct} with its {@code mm}, {@code files} and signal state): pid,
 * credentials, an fd table, an address space and the signals it received. One simulation task at a
 * time runs its calls.
 *
 * <p>Signals: SIGIO is taken to be caught with {@code SA_RESTART} (lease holders install a handler),
 * so it is recorded and never interrupts a sleep; SIGINT and SIGUSR1 are caught without
 * {@code SA_RESTART} and interrupt an interruptible sleep (a blocked lease breaker returns EINTR);
 * SIGBUS and SIGSEGV are synchronous results of loads and stores and are recorded too.
 */
public final class Process implements Current, SignalTarget {
    /** One received signal. */
    public record ReceivedSignal(Signal signal, int fd, long timeNs) { }

    private final Kernel kernel;
    private final int pid;
    private final String name;
    private Creds creds;
    private final FdTable files;
    private final MmStruct mm;
    private final List<ReceivedSignal> signals = new ArrayList<>();
    private final WaitQueue signalWait;
    private final java.util.Map<Signal, Integer> awaited = new java.util.EnumMap<>(Signal.class);
    private final List<Runnable> releasesAtExit = new ArrayList<>();
    private Task task;
    private String faultScope;
    private boolean exited;

    Process(Kernel kernel, PhysicalMemory memory, int pid, String name, Creds creds, FdTable files) {
        this.kernel = kernel;
        this.pid = pid;
        this.name = name;
        this.creds = creds;
        this.files = files;
        this.mm = new MmStruct(kernel, memory, pid);
        this.faultScope = name;
        this.signalWait = new WaitQueue(kernel.sim(), "signals of " + name);
    }

    @Override
    public Creds creds() {
        return creds;
    }

    public void setCreds(Creds creds) {
        this.creds = creds;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SignalTarget signalTarget() {
        return this;
    }

    @Override
    public String faultScope() {
        return faultScope;
    }

    /** Sets the fault-plan scope for the calls that follow (the harness names each operation). */
    public void setFaultScope(String scope) {
        this.faultScope = scope;
    }

    public FdTable files() {
        return files;
    }

    public MmStruct mm() {
        return mm;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** Binds the simulation task that runs this process's calls (and receives its interrupts). */
    public void attach(Task runner) {
        this.task = runner;
        runner.setContext(this);
    }

    public Task task() {
        return task;
    }

    /** Mirrors {@code send_sig()}/{@code send_sigio()}: records the signal; SIGINT/SIGUSR1 interrupt a sleep. */
    @Override
    public void sendSignal(Signal signal, int fd) {
        if (exited) {
            return;
        }
        signals.add(new ReceivedSignal(signal, fd, kernel.nowNs()));
        kernel.emit(new ProcEvents.SignalQueued(pid, signal.name(), fd));
        signalWait.wakeWithoutYield();
        if ((signal == Signal.SIGINT || signal == Signal.SIGUSR1) && task != null) {
            kernel.sim().interrupt(task);
        }
    }

    /** Records a synchronous signal (SIGBUS/SIGSEGV) raised by this process's own access. */
    public void recordFault(Signal signal) {
        signals.add(new ReceivedSignal(signal, -1, kernel.nowNs()));
        kernel.emit(new ProcEvents.SignalQueued(pid, signal.name(), -1));
    }

    /**
     * Waits (interruptibly, in virtual time) until a {@code signal} arrives that no earlier call of
     * this method consumed, like {@code sigtimedwait}; true if one did, false on timeout or
     * interruption. The harness uses it for holders that react to SIGIO.
     */
    public boolean awaitSignal(Signal signal, long timeoutNs) {
        int consumed = awaited.getOrDefault(signal, 0);
        WaitResult result = signalWait.waitEvent(() -> count(signal) > consumed, timeoutNs, true);
        if (result == WaitResult.DONE) {
            awaited.put(signal, consumed + 1);
            return true;
        }
        return false;
    }

    /** Every signal received, in order. */
    public List<ReceivedSignal> signals() {
        return List.copyOf(signals);
    }

    /** Signals of one kind received so far. */
    public long count(Signal signal) {
        return signals.stream().filter(s -> s.signal() == signal).count();
    }

    /** Clears the task's pending interrupt once the interrupted call has returned (signal delivered). */
    public void deliverPendingSignals() {
        if (task != null) {
            task.clearInterrupt();
        }
    }

    /**
     * Registers what closing one of the process's kernel handles releases, for handles the model
     * keeps outside the fd table: the RDMA user context behind the uverbs fd, whose close
     * ({@code ib_uverbs_close()}) deregisters every MR left [40]. Run at exit with the files, in the
     * order registered.
     */
    public void releaseAtExit(Runnable release) {
        releasesAtExit.add(release);
    }

    public boolean exited() {
        return exited;
    }

    /**
     * Mirrors {@code do_exit()}: {@code exit_mm()} (every VMA closed) then {@code exit_files()}
     * (every fd closed, then the handles registered with {@link #releaseAtExit}), as the kernel
     * orders them.
     */
    public void exit() {
        if (exited) {
            return;
        }
        mm.mmapLock().downWrite();
        try {
            mm.exitMmap();
        } finally {
            mm.mmapLock().upWrite();
        }
        for (Map.Entry<Integer, File> entry : files.entries().entrySet()) {
            files.remove(entry.getKey());
            entry.getValue().put();
        }
        for (Runnable release : List.copyOf(releasesAtExit)) {
            release.run();
        }
        releasesAtExit.clear();
        exited = true;
        kernel.emit(new ProcEvents.ProcessExited(pid, name));
    }

    @Override
    public String toString() {
        return name + "(pid " + pid + ")";
    }
}
