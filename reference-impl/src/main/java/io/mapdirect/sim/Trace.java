package io.mapdirect.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The record of one run: for every entry the task, the kind, the site, an argument and the virtual
 * time. Entries are stored as primitives in growable arrays and rendered to text only on demand
 * (failure reports, {@code explain}). {@link #fingerprint()} hashes the entries by task and site
 * <em>names</em> so that two JVMs running the same case agree byte for byte.
 */
public final class Trace {
    private int size;
    private int[] tasks = new int[1024];
    private byte[] kinds = new byte[1024];
    private int[] sites = new int[1024];
    private long[] args = new long[1024];
    private long[] times = new long[1024];
    private final List<String> taskNames = new ArrayList<>();

    void registerTask(int taskId, String name) {
        while (taskNames.size() <= taskId) {
            taskNames.add(null);
        }
        taskNames.set(taskId, name);
    }

    void add(int taskId, TraceKind kind, Site site, long arg, long timeNs) {
        if (size == tasks.length) {
            grow();
        }
        tasks[size] = taskId;
        kinds[size] = (byte) kind.ordinal();
        sites[size] = site == null ? -1 : site.id();
        args[size] = arg;
        times[size] = timeNs;
        size++;
    }

    private void grow() {
        int capacity = tasks.length * 2;
        tasks = Arrays.copyOf(tasks, capacity);
        kinds = Arrays.copyOf(kinds, capacity);
        sites = Arrays.copyOf(sites, capacity);
        args = Arrays.copyOf(args, capacity);
        times = Arrays.copyOf(times, capacity);
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    /** The entry at {@code index}. */
    public Entry get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        int siteId = sites[index];
        return new Entry(index, tasks[index], taskName(tasks[index]), TraceKind.values()[kinds[index]],
                siteId < 0 ? "" : Site.byId(siteId).name(), args[index], times[index]);
    }

    /** All entries, in order. */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(get(i));
        }
        return all;
    }

    /** The name a task was registered with. */
    public String taskName(int taskId) {
        return taskId >= 0 && taskId < taskNames.size() ? taskNames.get(taskId) : "-";
    }

    /** Names of every task that appears in the trace, by id. */
    public List<String> taskNames() {
        return List.copyOf(taskNames);
    }

    /** A 64-bit hash of every entry by names, kinds, arguments and times (stable across JVMs). */
    public long fingerprint() {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < size; i++) {
            hash = mix(hash, taskName(tasks[i]).hashCode());
            hash = mix(hash, kinds[i]);
            hash = mix(hash, sites[i] < 0 ? 0 : Site.byId(sites[i]).name().hashCode());
            hash = mix(hash, args[i]);
            hash = mix(hash, times[i]);
        }
        return hash;
    }

    private static long mix(long hash, long value) {
        long h = (hash ^ value) * 0x100000001b3L;
        return h ^ (h >>> 29);
    }

    /** Renders every entry as one line (see {@link #renderEntry(int)}). */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < size; i++) {
            out.append(renderEntry(i)).append('\n');
        }
        return out.toString();
    }

    /**
     * One entry as a line: index, time, task, kind, then the site and argument, except that a
     * SWITCH names the task it hands the baton to ({@code SWITCH -> T2}) and a WAKE the task it
     * wakes ({@code WAKE   T2}). For example {@code "     9 t=0.000000000s T1       BLOCK  lock B 0"}.
     */
    public String renderEntry(int index) {
        Entry entry = get(index);
        String detail = switch (entry.kind()) {
            case SWITCH -> "-> " + taskName((int) entry.arg());
            case WAKE -> taskName((int) entry.arg());
            default -> entry.site().isEmpty() ? Long.toString(entry.arg()) : entry.site() + " " + entry.arg();
        };
        return String.format("%6d t=%s %-8s %-6s %s", index, VirtualClock.formatNs(entry.timeNs()), entry.task(), entry.kind(), detail);
    }

    /** One trace entry. {@code arg} is a task id for SWITCH and WAKE. */
    public record Entry(int index, int taskId, String task, TraceKind kind, String site, long arg, long timeNs) {
        /** {@code "   12 t=1.000000000s P0 YIELD xfs_ilock 0"}. */
        public String format() {
            return String.format("%6d t=%s %-8s %-6s %s %d", index, VirtualClock.formatNs(timeNs), task, kind, site, arg);
        }
    }
}
