package io.mapdirect.cli;

import io.mapdirect.sim.selftest.DeterminismCampaign;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress line of a campaign on standard error: rewritten in place on a terminal, otherwise
 * printed as a new line at most every five seconds.
 */
final class Progress {
    private static final long INTERVAL_TERMINAL_NS = 200_000_000L;
    private static final long INTERVAL_LOG_NS = 5_000_000_000L;

    private final PrintWriter err;
    private final long maxCases;
    private final boolean terminal = System.console() != null;
    private long lastNs = 0;
    private boolean lineOpen;

    Progress(PrintWriter err, long maxCases) {
        this.err = err;
        this.maxCases = maxCases;
    }

    void update(DeterminismCampaign.Summary soFar, long elapsedNs) {
        update(() -> line(soFar, elapsedNs / 1e9), elapsedNs);
    }

    /** Prints the line {@code text} makes if it is time for a progress line. */
    void update(java.util.function.Supplier<String> text, long elapsedNs) {
        if (elapsedNs - lastNs < (terminal ? INTERVAL_TERMINAL_NS : INTERVAL_LOG_NS)) {
            return;
        }
        lastNs = elapsedNs;
        String line = text.get();
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
            lineOpen = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Erases the in-place progress line (before a failure report or the summary). */
    void clear() {
        if (lineOpen) {
            err.print("\r\u001b[K");
            err.flush();
            lineOpen = false;
        }
    }

    private String line(DeterminismCampaign.Summary soFar, double seconds) {
        String of = maxCases > 0 ? "/" + maxCases : "";
        return String.format(Locale.ROOT, "fuzz: %d%s cases, %,d steps, %d failures, %.0fs, %.0f cases/s",
                soFar.cases(), of, soFar.steps(), soFar.failures().size(), seconds, soFar.cases() / Math.max(seconds, 1e-9));
    }
}
