package io.mapdirect.cli;

import io.mapdirect.campaign.Campaign;
import io.mapdirect.campaign.FoundCase;
import io.mapdirect.campaign.Totals;
import io.mapdirect.campaign.WorkerLines;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One worker of {@code fuzz --jobs N} (the hidden {@code --worker} flag): runs its part of the
 * campaign and reports in {@link WorkerLines} on standard output, for {@link ParallelFuzz} to merge.
 */
final class FuzzWorker {
    /** How often a worker reports its counts. */
    static final long PROGRESS_INTERVAL_NS = 250_000_000L;

    private final Campaign campaign;
    private final long seed;
    private final PrintWriter out;

    FuzzWorker(Campaign campaign, long seed, PrintWriter out) {
        this.campaign = campaign;
        this.seed = seed;
        this.out = out;
    }

    /** Runs this worker's cases; exit status 0 (findings are reported, not failures of the worker). */
    int run(long maxCases, Duration time) {
        try (LineOutbox outbox = new LineOutbox(out)) {
            Totals totals = run(maxCases, time, outbox);
            WorkerLines.done(totals).forEach(outbox::send);
        }
        return 0;
    }

    private Totals run(long maxCases, Duration time, LineOutbox outbox) {
        long startNs = System.nanoTime();
        long deadlineNs = time == null ? Long.MAX_VALUE : startNs + time.toNanos();
        List<FoundCase> found = new ArrayList<>();
        long[] lastNs = {startNs};
        Set<String> probesSent = new HashSet<>();
        Campaign.Stats stats = campaign.run(maxCases, () -> System.nanoTime() < deadlineNs, (soFar, finding) -> {
            if (finding != null) {
                FoundCase foundCase = FuzzCommand.foundCase(seed, finding);
                found.add(foundCase);
                WorkerLines.finding(foundCase).forEach(outbox::send);
            }
            if (soFar.probes().size() > probesSent.size()) {
                soFar.probes().stream().filter(probesSent::add).forEach(probe -> outbox.send(WorkerLines.probe(probe)));
            }
            long nowNs = System.nanoTime();
            if (finding != null || nowNs - lastNs[0] >= PROGRESS_INTERVAL_NS) {
                lastNs[0] = nowNs;
                outbox.send(WorkerLines.progress(soFar.cases(), soFar.steps()));
            }
        });
        return new Totals(stats.cases(), stats.steps(), stats.digest(), stats.probes(), found, stats.coverage());
    }
}
