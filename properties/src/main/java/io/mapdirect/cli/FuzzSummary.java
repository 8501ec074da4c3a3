package io.mapdirect.cli;

import io.mapdirect.campaign.FoundCase;
import io.mapdirect.campaign.Shard;
import io.mapdirect.campaign.Totals;
import java.io.PrintWriter;
import java.util.Locale;

/** The progress line, the closing summary and the JSON object of a model fuzz campaign. */
final class FuzzSummary {
    private FuzzSummary() {
    }

    static String progressLine(long cases, long steps, int probes, int findings, long elapsedNs) {
        double seconds = elapsedNs / 1e9;
        return String.format(Locale.ROOT, "fuzz: %,d cases, %,.0f steps/s, %d probes reached, %d findings, %.0fs",
                cases, steps / Math.max(seconds, 1e-9), probes, findings, seconds);
    }

    /** The coverage part of an in-process progress line: call x result pairs, transitions, and mutants run if any. */
    static String coverageWords(int calls, int transitions, long mutants) {
        return String.format(Locale.ROOT, ", %d call results, %d transitions%s", calls, transitions,
                mutants > 0 ? String.format(Locale.ROOT, ", %,d mutants", mutants) : "");
    }

    /** The summary line and one line per finding. */
    static void print(PrintWriter out, Totals totals, double seconds) {
        out.println(String.format(Locale.ROOT, "fuzz: %d cases, %d steps, %d probes reached, %d findings in %.1fs "
                        + "(%.0f cases/s, %.0f steps/s)", totals.cases(), totals.steps(), totals.probes().size(),
                totals.found().size(), seconds, totals.cases() / Math.max(seconds, 1e-9),
                totals.steps() / Math.max(seconds, 1e-9)));
        out.println(String.format(Locale.ROOT, "fuzz: coverage: %d call x result pairs, %d model transitions",
                totals.calls(), totals.transitions()));
        for (FoundCase found : totals.found()) {
            out.println("  found: " + found.file() + " (" + found.invariant() + " on " + found.variant() + ", case "
                    + found.caseIndex() + ")");
        }
    }

    /**
     * One JSON object: the seed, shard, jobs, cases, steps, the digest of the cases' traces (equal for
     * two runs of the same cases, whatever the jobs), findings, probes, found files and seconds.
     */
    static String json(long seed, Shard shard, int jobs, boolean feedback, Totals totals, double seconds) {
        StringBuilder found = new StringBuilder("[");
        for (FoundCase finding : totals.found()) {
            found.append(found.length() > 1 ? "," : "").append('"')
                    .append(finding.file().toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        found.append(']');
        return String.format(Locale.ROOT, "{\"campaign\":\"model\",\"seed\":%d,\"shard\":\"%s\",\"jobs\":%d,\"cases\":%d,"
                        + "\"steps\":%d,\"digest\":\"%016x\",\"failures\":%d,\"probes\":%d,\"callResults\":%d,"
                        + "\"transitions\":%d,\"feedback\":%b,\"found\":%s,\"seconds\":%.3f}",
                seed, shard, jobs, totals.cases(), totals.steps(), totals.digest(), totals.found().size(),
                totals.probes().size(), totals.calls(), totals.transitions(), feedback, found, seconds);
    }
}
