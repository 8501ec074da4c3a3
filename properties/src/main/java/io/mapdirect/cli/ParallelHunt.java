package io.mapdirect.cli;

import io.mapdirect.campaign.Workers;
import io.mapdirect.killmatrix.HuntOutcome;
import io.mapdirect.killmatrix.KillMatrix;
import io.mapdirect.killmatrix.KillRow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * {@code hunt --jobs N} with N above 1: the (fault, seed) hunts dealt round-robin to N worker JVMs
 * ({@link Workers}), each hunt the one a single process runs (a hunt depends only on its row, seed and
 * budget), and the outcomes read back from the workers' lines, {@code outcome ROW SEED TRIES OPS
 * SWITCHES} with ROW the row's index in {@link #ROWS} ({@link #line}); the shrunk cases stay in the
 * workers.
 */
final class ParallelHunt {
    /** One hunt: a kill-matrix row (by its index in {@link #ROWS}) from one seed. */
    record Pair(int row, String seed) {
        String word() {
            return row + ":" + seed;
        }

        static Pair parse(String word) {
            int colon = word.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("a hunt pair is ROW:SEED, got '" + word + "'");
            }
            return new Pair(Integer.parseInt(word.substring(0, colon)), word.substring(colon + 1));
        }
    }

    private static final String OUTCOME = "outcome ";

    /** Every row a hunt may run, by the index the worker lines name: the known bugs', then the hand-breaks'. */
    static final List<KillRow> ROWS = java.util.stream.Stream.concat(KillMatrix.TABLE.stream(),
            KillMatrix.HAND_BREAKS.stream()).toList();

    private final int budget;
    private final int pctPercent;

    ParallelHunt(int budget, int pctPercent) {
        this.budget = budget;
        this.pctPercent = pctPercent;
    }

    /** The worker's line for one outcome. */
    static String line(int row, HuntOutcome outcome) {
        return String.format(Locale.ROOT, "%s%d %s %d %d %d", OUTCOME, row, outcome.seed(), outcome.triesToDetect(),
                outcome.shrunkOps(), outcome.shrunkSwitches());
    }

    /** The outcome a worker's line reports. */
    static HuntOutcome parse(String line) {
        if (!line.startsWith(OUTCOME)) {
            throw new IllegalArgumentException("unexpected line from a hunt worker: " + line);
        }
        String[] words = line.substring(OUTCOME.length()).split(" ");
        if (words.length != 5) {
            throw new IllegalArgumentException("a hunt outcome line has 5 fields, got: " + line);
        }
        KillRow row = ROWS.get(Integer.parseInt(words[0]));
        return new HuntOutcome(row, words[1], Integer.parseInt(words[2]), Integer.parseInt(words[3]),
                Integer.parseInt(words[4]), null);
    }

    /**
     * Runs every pair in {@code jobs} workers and returns the outcomes by pair; {@code done} hears each
     * outcome as it arrives (in no fixed order).
     */
    Map<Pair, HuntOutcome> run(List<Pair> pairs, int jobs, BiConsumer<Pair, HuntOutcome> done) {
        int workers = Math.min(jobs, pairs.size());
        List<List<Pair>> dealt = Workers.deal(pairs, workers);
        Map<Pair, HuntOutcome> outcomes = new HashMap<>();
        int[] statuses = Workers.ofMain(Main.class.getName()).run(dealt.stream().map(this::argumentsOf).toList(),
                (w, line) -> {
                    HuntOutcome outcome = parse(line);
                    Pair pair = new Pair(ROWS.indexOf(outcome.row()), outcome.seed());
                    outcomes.put(pair, outcome);
                    done.accept(pair, outcome);
                });
        for (int w = 0; w < workers; w++) {
            if (!outcomes.keySet().containsAll(dealt.get(w))) {
                throw new Workers.Failed("hunt worker " + w + " of " + workers + " failed with exit status " + statuses[w]
                        + " before it reported all its hunts; its error is above");
            }
        }
        return outcomes;
    }

    private List<String> argumentsOf(List<Pair> pairs) {
        return List.of("hunt", "--worker", "--jobs", "1", "--budget", Integer.toString(budget), "--pct",
                Integer.toString(pctPercent), "--pairs", pairs.stream().map(Pair::word).collect(Collectors.joining(",")));
    }

    /** Runs {@code pairs} in this process, printing each outcome's line (a worker's job). */
    static void work(List<Pair> pairs, int budget, int pctPercent, PrintWriter out) {
        for (Pair pair : pairs) {
            HuntOutcome outcome = KillMatrix.hunt(ROWS.get(pair.row()), pair.seed(), budget, pctPercent);
            out.println(line(pair.row(), outcome));
            out.flush();
        }
    }
}
