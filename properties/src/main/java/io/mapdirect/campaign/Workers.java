package io.mapdirect.campaign;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs N worker processes (child JVMs, {@link JvmCommand}) side by side, each with its own
 * arguments, and hands every line a worker prints on standard output to one listener, one line at
 * a time (the listener needs no locking). A worker's standard error goes to this process's. Each
 * worker is a whole JVM with its own single-carrier scheduler, so no simulation ever hands a task
 * from one CPU to another; the workers of one campaign share nothing but the found/ folder, whose
 * files are named by content. This is the machinery of {@code fuzz --jobs} and {@code verdicts
 * --jobs}, and of any command that runs "shard i/N in N workers and merges".
 */
public final class Workers {
    /** What hears the workers' output lines. */
    public interface Lines {
        void line(int worker, String line);
    }

    /** A worker ended badly: a non-zero exit status or output cut short. The message says which. */
    public static final class Failed extends RuntimeException {
        public Failed(String message) {
            super(message);
        }
    }

    private final List<String> command;
    /** Why a worker's output could not be taken, for the failure {@link #run} reports. */
    private final List<String> unreadable = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Workers started with {@code command} followed by each worker's arguments. */
    public Workers(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** {@code items} dealt round-robin to {@code workers} lists (item i to list i mod workers), in order. */
    public static <T> List<List<T>> deal(List<T> items, int workers) {
        List<List<T>> dealt = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            dealt.add(new ArrayList<>());
        }
        for (int i = 0; i < items.size(); i++) {
            dealt.get(i % workers).add(items.get(i));
        }
        return dealt;
    }

    /** Workers that are JVMs like this one running {@code mainClass}. */
    public static Workers ofMain(String mainClass) {
        return new Workers(JvmCommand.forMain(mainClass));
    }

    /**
     * Starts one worker per element of {@code argumentsOfWorkers}, feeds their output lines to
     * {@code lines} until all have ended and returns their exit statuses, in worker order. Workers
     * still running when this JVM exits early (Ctrl-C) are ended with it.
     */
    public int[] run(List<List<String>> argumentsOfWorkers, Lines lines) {
        unreadable.clear();
        List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reaper = new Thread(() -> processes.forEach(Process::destroy));
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            List<Thread> readers = new ArrayList<>();
            for (int worker = 0; worker < argumentsOfWorkers.size(); worker++) {
                Process process = start(argumentsOfWorkers.get(worker));
                processes.add(process);
                readers.add(Thread.ofPlatform().name("worker-" + worker + "-output").start(reader(worker, process, lines)));
            }
            int[] statuses = new int[processes.size()];
            for (int worker = 0; worker < processes.size(); worker++) {
                readers.get(worker).join();
                statuses[worker] = processes.get(worker).waitFor();
            }
            if (!unreadable.isEmpty()) {
                throw new Failed(unreadable.get(0));
            }
            return statuses;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            processes.forEach(Process::destroy);
            throw new Failed("interrupted while waiting for the workers");
        } catch (Failed e) {
            processes.forEach(Process::destroy);
            throw e;
        } finally {
            removeHook(reaper);
        }
    }

    private Process start(List<String> arguments) {
        List<String> full = new ArrayList<>(command);
        full.addAll(arguments);
        try {
            return new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
        } catch (IOException e) {
            throw new Failed("cannot start a worker (" + full.get(0) + "): " + e.getMessage());
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /**
     * Feeds the worker's lines to {@code lines}. When the listener rejects a line, the rest of the
     * output is still read (so the worker never blocks on a full pipe) but no longer heard, and
     * {@link #run} fails with the listener's message once every worker has ended.
     */
    private Runnable reader(int worker, Process process, Lines lines) {
        return () -> {
            boolean listening = true;
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (listening) {
                        listening = hand(worker, line, lines);
                    }
                }
            } catch (IOException e) {
                unreadable.add("cannot read the output of worker " + worker + ": " + e.getMessage());
            }
        };
    }

    private boolean hand(int worker, String line, Lines lines) {
        try {
            synchronized (lines) {
                lines.line(worker, line);
            }
            return true;
        } catch (RuntimeException e) {
            unreadable.add("worker " + worker + ": " + e.getMessage());
            return false;
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting: the hook runs and ends the workers.
        }
    }
}
