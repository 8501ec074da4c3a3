package io.mapdirect.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the JIT compiler threads have used so far, read from {@code /proc/self/task} (Linux).
 * The JVM's own {@code CompilationMXBean.getTotalCompilationTime} counts a compilation only once it
 * completes, and on one core single C2 compilations of this model ran for seconds (escape analysis
 * of the interpreter's and the syscalls' big methods), so it reported the JIT idle while it was
 * busy; the threads' CPU time counts the work as it happens.
 */
final class JitCpu {
    /** Clock ticks per second of {@code /proc/<pid>/task/<tid>/stat} times (USER_HZ, 100 on Linux). */
    private static final long TICKS_PER_SEC = 100;
    private static final Path TASKS = Path.of("/proc/self/task");

    private JitCpu() {
    }

    /** Nanoseconds of CPU the live compiler threads have used, or -1 if this system does not say. */
    static long compilerCpuNs() {
        if (!Files.isDirectory(TASKS)) {
            return -1;
        }
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                ticks += compilerTicks(task);
            }
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
        return ticks * 1_000_000_000L / TICKS_PER_SEC;
    }

    /** utime + stime of {@code task} if it is a JIT compiler thread ("C1 CompilerThre...", "C2 ..."), else 0. */
    private static long compilerTicks(Path task) throws IOException {
        String name;
        String stat;
        try {
            name = Files.readString(task.resolve("comm")).trim();
            if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
                return 0;
            }
            stat = Files.readString(task.resolve("stat"));
        } catch (java.nio.file.NoSuchFileException exited) {
            return 0; // the thread ended while we looked
        }
        return statTicks(stat);
    }

    /** utime + stime (fields 14 and 15) of a {@code stat} line; the name in parentheses may hold spaces. */
    static long statTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
