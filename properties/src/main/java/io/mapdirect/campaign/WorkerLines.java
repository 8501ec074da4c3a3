package io.mapdirect.campaign;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The line protocol a campaign worker speaks on standard output, and its reading. A worker prints
 * {@code progress CASES STEPS} now and then; {@code probe NAME} when it first reaches a probe; each
 * finding as {@code finding INDEX INVARIANT VARIANT FILE}, its report lines prefixed with
 * {@code "| "}, then {@code end}; at the end every {@code probe NAME} again, every coverage key
 * as {@code cover KEY} and {@code done CASES STEPS DIGEST}. {@link Reader} turns one worker's lines back into its
 * {@link Totals}.
 */
public final class WorkerLines {
    private static final String REPORT_PREFIX = "| ";

    private WorkerLines() {
    }

    public static String progress(long cases, long steps) {
        return "progress " + cases + " " + steps;
    }

    /** A probe the worker reached (printed when first reached, and again at the end). */
    public static String probe(String name) {
        return "probe " + name;
    }

    /** The lines of one finding. */
    public static List<String> finding(FoundCase found) {
        List<String> lines = new ArrayList<>();
        lines.add("finding " + found.caseIndex() + " " + found.invariant() + " " + found.variant() + " " + found.file());
        found.report().lines().forEach(line -> lines.add(REPORT_PREFIX + line));
        lines.add("end");
        return lines;
    }

    /** The closing lines: the probes, then the totals. */
    public static List<String> done(Totals totals) {
        List<String> lines = new ArrayList<>();
        totals.sortedProbes().forEach(probe -> lines.add(probe(probe)));
        new java.util.TreeSet<>(totals.coverage()).forEach(key -> lines.add("cover " + key));
        lines.add(String.format(Locale.ROOT, "done %d %d %016x", totals.cases(), totals.steps(), totals.digest()));
        return lines;
    }

    /** Reads one worker's lines; not thread-safe (one reader per worker, fed in order). */
    public static final class Reader {
        private long cases;
        private long steps;
        private long digest;
        private boolean done;
        private final Set<String> probes = new HashSet<>();
        private final Set<String> coverage = new HashSet<>();
        private final List<FoundCase> found = new ArrayList<>();
        private String[] findingHead;
        private StringBuilder report;

        /** Takes one line; returns the finding it completes, or null. */
        public FoundCase accept(String line) {
            if (report != null) {
                return reportLine(line);
            }
            String[] words = line.split(" ", 5);
            switch (words[0]) {
                case "progress" -> counts(words);
                case "finding" -> {
                    findingHead = words;
                    report = new StringBuilder();
                }
                case "probe" -> probes.add(line.substring("probe ".length()));
                case "cover" -> coverage.add(line.substring("cover ".length()));
                case "done" -> {
                    counts(words);
                    digest = Long.parseUnsignedLong(words[3], 16);
                    done = true;
                }
                default -> throw new IllegalArgumentException("a worker printed an unexpected line: " + line);
            }
            return null;
        }

        private FoundCase reportLine(String line) {
            if (line.startsWith(REPORT_PREFIX)) {
                report.append(line, REPORT_PREFIX.length(), line.length()).append('\n');
                return null;
            }
            if (!line.equals("end")) {
                throw new IllegalArgumentException("a worker's finding report ended without 'end': " + line);
            }
            FoundCase finding = new FoundCase(Long.parseLong(findingHead[1]), findingHead[2], findingHead[3],
                    Path.of(findingHead[4]), report.toString());
            report = null;
            found.add(finding);
            return finding;
        }

        private void counts(String[] words) {
            cases = Long.parseLong(words[1]);
            steps = Long.parseLong(words[2]);
        }

        /** Whether the worker printed its closing line (it ran to its end). */
        public boolean done() {
            return done;
        }

        /** What the worker reported so far (all of it once {@link #done()}). */
        public Totals totals() {
            return new Totals(cases, steps, digest, probes, found, coverage);
        }
    }
}
