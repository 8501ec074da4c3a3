package io.mapdirect.corpus;

import java.util.Locale;

/**
 * The limit of every size, count and duration in the corpus format. The parser checks each one
 * where it reads the value, before anything is allocated or run, and a value past it is a malformed
 * file ({@code FILE:LINE:COLUMN: ...} naming the limit). {@code fuzz-corpus/FORMAT.md}'s table of
 * limits is generated from this enum ({@link FormatDoc}). Every limit is far above what generated
 * and hand-written cases use; together they keep one case's world and run small (a few MiB).
 */
public enum Limit {
    /** Bytes of a case file. */
    FILE_BYTES("a case file", 0, 1_048_576, "bytes"),
    /** Characters of one line. */
    LINE_CHARS("one line", 0, 20_000, "characters"),
    /** Operation lines of a case. */
    OPERATIONS("operation lines", 0, 10_000, "lines"),
    /** Distinct actors (declared processes, devices, env and forked children) that run operations. */
    ACTORS("actors that run operations (processes, devices, `env`, forked children)", 0, 1_024, "actors"),
    /** {@code process} lines. */
    PROCESSES("`process` lines", 0, 256, "lines"),
    /** {@code device} lines. */
    DEVICES("`device` lines", 0, 16, "lines"),
    /** {@code devdax} lines. */
    DEVDAX_INSTANCES("`devdax` lines", 0, 16, "lines"),
    /** {@code file} lines. */
    FILES("`file` lines", 0, 256, "lines"),
    /** {@code fail_alloc} lines. */
    ALLOC_FAILURES("`fail_alloc` lines", 0, 256, "lines"),
    /** Choices on the schedule line. */
    SCHEDULE_CHOICES("choices on the `schedule:` line", 0, 100_000, "choices"),
    /** One schedule choice. */
    SCHEDULE_CHOICE("one schedule choice", 0, 999_999, ""),
    /** {@code world pmem=}. */
    PMEM_BLOCKS("`world pmem=`", 1, 65_536, "4 KiB blocks"),
    /** {@code world lease_break_time=}. */
    LEASE_BREAK_TIME("`world lease_break_time=`", 0, 3_600L * 1_000_000_000L, "ns"),
    /** {@code devdax pages=}. */
    DEVDAX_PAGES("`devdax pages=`", 1, 4_096, "pages"),
    /** Letters of {@code file blocks=}; the W and U letters of all files together are also at most {@code pmem}. */
    FILE_BLOCKS("letters of `file blocks=` (the W and U letters of all files together: at most `pmem`)", 0, 65_536,
            "blocks"),
    /** {@code uid=} and {@code owner=}. */
    UID("`uid=`, `fsuid=` and `owner=`", 0, 65_535, ""),
    /** The operation index of {@code fail_alloc ACTOR#OP}. */
    ALLOC_FAILURE_OP("`OP` of `fail_alloc ACTOR#OP`", 0, 9_999, ""),
    /** {@code fail_alloc nth=}. */
    ALLOC_FAILURE_NTH("`fail_alloc nth=`", 1, 1_000_000, ""),
    /** Byte lengths and offsets of operations. */
    BYTES("byte lengths and offsets (`len`, `off`)", -1_073_741_824L, 1_073_741_824L, "bytes"),
    /** Page indices of operations. */
    PAGE("page indices (`page`)", -262_144, 262_144, ""),
    /** Durations of operations and result-check times. */
    DURATION("durations (`for`, `timeout`, `hold`) and `at TIME`: the run's virtual-time budget", 0,
            3_600L * 1_000_000_000L, "ns"),
    /** {@code sysctl_lease_break_time(seconds=)}. */
    SYSCTL_SECONDS("`sysctl_lease_break_time(seconds=)`", 0, 3_600, "seconds");

    private final String what;
    private final long min;
    private final long max;
    private final String unit;

    Limit(String what, long min, long max, String unit) {
        this.what = what;
        this.min = min;
        this.max = max;
        this.unit = unit;
    }

    /** What the limit applies to, as FORMAT.md names it. */
    public String what() {
        return what;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /** Whether {@code value} is within the limit. */
    public boolean allows(long value) {
        return value >= min && value <= max;
    }

    /** The range as text: {@code 1 to 65536 4 KiB blocks}, durations in their own units ({@code 0s to 3600s}). */
    public String range() {
        if (unit.equals("ns")) {
            return (min == 0 ? "0s" : ArgType.formatDuration(min)) + " to " + ArgType.formatDuration(max);
        }
        return min + " to " + max + (unit.isEmpty() ? "" : " " + unit);
    }

    /** The message for {@code value} past the limit: {@code pmem is 2000000000; the limit is 1 to 65536 4 KiB blocks}. */
    public String exceeded(String subject, String value) {
        return String.format(Locale.ROOT, "%s is %s; the limit is %s", subject, value, range());
    }
}
