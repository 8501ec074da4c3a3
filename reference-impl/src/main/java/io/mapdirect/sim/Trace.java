package io.mapdirect.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The record of one run: for every entry the task, the kind, the site, an argument and the virtual
 * time. Entries are stored as primitives in chunks of {@value #CHUNK_ENTRIES} entries (the first
 * chunk starts small and grows), so appending never copies a long trace and a long run makes no
 * huge allocations; they are rendered to text only on demand (failure reports, {@code explain}).
 * {@link #fingerprint()} hashes the entries by task and site <em>names</em> so that two JVMs
 * running the same case agree byte for byte.
 */
public final class Trace {
    private static final int CHUNK_SHIFT = 13;
    static final int CHUNK_ENTRIES = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_ENTRIES - 1;
    private static final int FIRST_CAPACITY = 256;

    /** Parallel arrays for one run of entries. */
    private static final class Chunk {
        int[] tasks;
        byte[] kinds;
        int[] sites;
        long[] args;
        long[] times;

        Chunk(int capacity) {
            tasks = new int[capacity];
            kinds = new byte[capacity];
            sites = new int[capacity];
            args = new long[capacity];
            times = new long[capacity];
        }

        void grow(int capacity) {
            tasks = Arrays.copyOf(tasks, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
            sites = Arrays.copyOf(sites, capacity);
            args = Arrays.copyOf(args, capacity);
            times = Arrays.copyOf(times, capacity);
        }
    }

    private static final TraceKind[] KINDS = TraceKind.values();

    private final List<Chunk> chunks = new ArrayList<>();
    private Chunk last = new Chunk(FIRST_CAPACITY);
    private int fill;
    private int size;
    private final List<String> taskNames = new ArrayList<>();

    public Trace() {
        chunks.add(last);
    }

    void registerTask(int taskId, String name) {
        while (taskNames.size() <= taskId) {
            taskNames.add(null);
        }
        taskNames.set(taskId, name);
    }

    void add(int taskId, TraceKind kind, Site site, long arg, long timeNs) {
        Chunk chunk = last;
        int i = fill;
        if (i == chunk.tasks.length) {
            chunk = makeRoom();
            i = fill;
        }
        chunk.tasks[i] = taskId;
        chunk.kinds[i] = (byte) kind.ordinal();
        chunk.sites[i] = site == null ? -1 : site.id();
        chunk.args[i] = arg;
        chunk.times[i] = timeNs;
        fill = i + 1;
        size++;
    }

    /** Grows the first chunk up to full size, or starts a new full-size chunk. */
    private Chunk makeRoom() {
        if (last.tasks.length < CHUNK_ENTRIES) {
            last.grow(Math.min(CHUNK_ENTRIES, last.tasks.length * 2));
        } else {
            last = new Chunk(CHUNK_ENTRIES);
            chunks.add(last);
            fill = 0;
        }
        return last;
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
        Chunk chunk = chunks.get(index >>> CHUNK_SHIFT);
        int i = index & CHUNK_MASK;
        int siteId = chunk.sites[i];
        return new Entry(index, chunk.tasks[i], taskName(chunk.tasks[i]), KINDS[chunk.kinds[i]],
                siteId < 0 ? "" : Site.byId(siteId).name(), chunk.args[i], chunk.times[i]);
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
        for (int index = 0; index < size; index++) {
            Chunk chunk = chunks.get(index >>> CHUNK_SHIFT);
            int i = index & CHUNK_MASK;
            hash = mix(hash, taskName(chunk.tasks[i]).hashCode());
            hash = mix(hash, chunk.kinds[i]);
            hash = mix(hash, chunk.sites[i] < 0 ? 0 : Site.byId(chunk.sites[i]).name().hashCode());
            hash = mix(hash, chunk.args[i]);
            hash = mix(hash, chunk.times[i]);
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
