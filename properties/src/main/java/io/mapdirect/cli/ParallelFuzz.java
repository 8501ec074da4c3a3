package io.mapdirect.cli;

import io.mapdirect.campaign.FoundCase;
import io.mapdirect.campaign.Shard;
import io.mapdirect.campaign.Totals;
import io.mapdirect.campaign.WorkerLines;
import io.mapdirect.campaign.Workers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fuzz --jobs N} with N above 1: N worker JVMs ({@link Workers}), worker w running part w/N
 * of the shard ({@link Shard#part}) with the same seed, case limit and time limit; one merged
 * progress line, each finding's report as it arrives, and the merged {@link Totals}.
 */
final class ParallelFuzz {
    private final long seed;
    private final Shard shard;
    private final Path foundDir;
    private final long maxCases;
    private final Duration time;
    private final boolean feedback;
    private final PrintWriter out;
    private final Progress progress;

    ParallelFuzz(long seed, Shard shard, Path foundDir, long maxCases, Duration time, boolean feedback, PrintWriter out,
                 Progress progress) {
        this.feedback = feedback;
        this.seed = seed;
        this.shard = shard;
        this.foundDir = foundDir;
        this.maxCases = maxCases;
        this.time = time;
        this.out = out;
        this.progress = progress;
    }

    Totals run(int workers, long startNs) {
        List<WorkerLines.Reader> readers = new ArrayList<>();
        List<List<String>> arguments = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            readers.add(new WorkerLines.Reader());
            arguments.add(argumentsOf(shard.part(w, workers)));
        }
        int[] statuses = Workers.ofMain(Main.class.getName()).run(arguments, (w, line) -> {
            FoundCase finding = readers.get(w).accept(line);
            if (finding != null) {
                progress.clear();
                out.print(finding.report());
                out.flush();
            }
            long elapsedNs = System.nanoTime() - startNs;
            progress.update(() -> progressLine(readers, elapsedNs), elapsedNs);
        });
        for (int w = 0; w < workers; w++) {
            if (statuses[w] != 0 || !readers.get(w).done()) {
                throw new Workers.Failed("worker " + w + " of " + workers + " (shard " + shard.part(w, workers)
                        + ") failed with exit status " + statuses[w] + "; its error is above");
            }
        }
        return Totals.merge(readers.stream().map(WorkerLines.Reader::totals).toList());
    }

    private List<String> argumentsOf(Shard part) {
        List<String> arguments = new ArrayList<>(List.of("fuzz", "--worker", "--jobs", "1", "--seed", Long.toString(seed),
                "--shard", part.toString(), "--found", foundDir.toString()));
        if (maxCases > 0) {
            arguments.addAll(List.of("--cases", Long.toString(maxCases)));
        }
        if (time != null) {
            arguments.addAll(List.of("--time", time.toMillis() + "ms"));
        }
        if (feedback) {
            arguments.add("--feedback");
        }
        return arguments;
    }

    private static String progressLine(List<WorkerLines.Reader> readers, long elapsedNs) {
        Totals soFar = Totals.merge(readers.stream().map(WorkerLines.Reader::totals).toList());
        return FuzzSummary.progressLine(soFar.cases(), soFar.steps(), soFar.probes().size(), soFar.found().size(),
                elapsedNs);
    }
}
