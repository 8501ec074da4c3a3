package io.mapdirect.harness;

import io.mapdirect.check.InvariantId;
import io.mapdirect.check.Violation;
import io.mapdirect.corpus.FoundCases;
import io.mapdirect.sim.RunOutcome;
import io.mapdirect.sim.StressTally;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A real-thread stress campaign over a list of cases ({@link CaseRunner#runThreaded}): run {@code r}
 * runs case {@code r mod cases} with perturbation seed {@code firstSeed + r}, and each run is judged by
 * its invariants ({@link StressJudgement}). The campaign's {@link #failure} is what fails the build: every
 * invariant violated in some run, as "k of N runs violated INVARIANT" with its first run's case, seed and
 * replay commands, or every run unjudgeable. What the runs' outcomes were (crashes, hangs, lost wake-ups)
 * is kept as "k of N runs" in a {@link StressTally}, and the unjudgeable runs are counted by reason.
 */
final class StressCampaign {
    /** One run: its number, the index of its case in the campaign's list, the case, its seed and judgement. */
    record Run(int number, int caseIndex, Case c, long seed, StressJudgement judgement) { }

    private final String name;
    private final List<Case> cases;
    private final CaseRunner.Options options;
    private final Duration wallClockLimit;
    private final Path caseDir;
    private final ReplayCommand threadedReplay;
    private final StressTally tally;
    private final Map<InvariantId, List<Run>> violatedBy = new EnumMap<>(InvariantId.class);
    private final Map<InvariantId, Violation> firstViolation = new EnumMap<>(InvariantId.class);
    private final Map<String, List<Run>> unjudgeableBy = new TreeMap<>();
    private final List<Run> runs = new ArrayList<>();

    /** The command that runs case {@code caseIndex} again on real threads from perturbation seed {@code seed}. */
    interface ReplayCommand {
        String of(int caseIndex, long seed);
    }

    /**
     * {@code caseDir} is where a violating run's case is written for its deterministic replay;
     * {@code threadedReplay} says how to run it again on real threads.
     */
    StressCampaign(String name, List<Case> cases, CaseRunner.Options options, Duration wallClockLimit, Path caseDir,
                   ReplayCommand threadedReplay) {
        this.name = name;
        this.cases = List.copyOf(cases);
        this.options = options;
        this.wallClockLimit = wallClockLimit;
        this.caseDir = caseDir;
        this.threadedReplay = threadedReplay;
        this.tally = new StressTally(name);
    }

    /** Runs case {@code caseIndex} once with perturbation seed {@code seed}; returns its result (null if the checkers threw). */
    CaseResult run(int caseIndex, long seed) {
        Case c = cases.get(caseIndex);
        String example = "case " + caseIndex + " '" + c.title() + "' (seed " + seed + ")";
        CaseResult result = null;
        StressJudgement judgement;
        try {
            result = CaseRunner.runThreaded(c, options, wallClockLimit, seed);
            boolean crashStop = result.outcome() instanceof RunOutcome.Stopped stopped && stopped.reason().equals(CaseRunner.CRASH);
            tally.add(crashStop ? new RunOutcome.Completed() : result.lastOutcome(), example);
            judgement = StressJudgement.of(result);
        } catch (RuntimeException | AssertionError e) {
            tally.add(new RunOutcome.Crashed("the checkers at a quiescent point", e), example);
            judgement = StressJudgement.checkersFailed(e);
        }
        record(new Run(runs.size(), caseIndex, c, seed, judgement));
        return result;
    }

    private void record(Run run) {
        runs.add(run);
        switch (run.judgement()) {
            case StressJudgement.Clean clean -> { }
            case StressJudgement.Violated violated -> {
                for (Violation violation : violated.violations()) {
                    violatedBy.computeIfAbsent(violation.id(), id -> new ArrayList<>()).add(run);
                    firstViolation.putIfAbsent(violation.id(), violation);
                    tally.addFinding("invariant " + violation.id() + " violated", "case " + run.caseIndex() + " '"
                            + run.c().title() + "' (seed " + run.seed() + "): " + violation.message());
                }
            }
            case StressJudgement.Unjudgeable unjudgeable ->
                    unjudgeableBy.computeIfAbsent(unjudgeable.kind(), kind -> new ArrayList<>()).add(run);
        }
    }

    int runs() {
        return runs.size();
    }

    /** The runs judged violated, by invariant. */
    Map<InvariantId, Integer> violatedCounts() {
        Map<InvariantId, Integer> counts = new EnumMap<>(InvariantId.class);
        violatedBy.forEach((id, list) -> counts.put(id, list.size()));
        return counts;
    }

    int unjudgeable() {
        return unjudgeableBy.values().stream().mapToInt(List::size).sum();
    }

    /** Why the build fails: violated invariants, or no run could be judged; empty when neither. */
    Optional<String> failure() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<InvariantId, List<Run>> entry : violatedBy.entrySet()) {
            Run first = entry.getValue().get(0);
            lines.add(entry.getValue().size() + " of " + runs.size() + " runs violated " + entry.getKey() + " on real threads: "
                    + firstViolation.get(entry.getKey()).message());
            lines.add("    first in run " + first.number() + ": seed " + first.seed() + ", case " + first.caseIndex() + " '"
                    + first.c().title() + "'");
            lines.add("    replay on real threads (not deterministic: it may take many runs): "
                    + threadedReplay.of(first.caseIndex(), first.seed()));
            lines.add("    replay deterministically: ./mapdirect replay " + writeCase(first.c()));
        }
        if (!runs.isEmpty() && unjudgeable() == runs.size()) {
            lines.add("all " + runs.size() + " runs were unjudgeable: " + String.join("; ", unjudgeableBy.keySet()));
        }
        return lines.isEmpty() ? Optional.empty()
                : Optional.of(name + ": invariants on real threads\n" + String.join("\n", lines) + "\n" + report());
    }

    /** The outcome tally ("k of N runs") and the unjudgeable runs by reason, with an example each. */
    String report() {
        List<String> lines = new ArrayList<>();
        lines.add(tally.render());
        int judged = runs.size() - unjudgeable();
        lines.add("  judged by the invariants: " + judged + " of " + runs.size() + " runs; violated: "
                + (violatedBy.isEmpty() ? "none" : violatedCounts()));
        for (Map.Entry<String, List<Run>> entry : unjudgeableBy.entrySet()) {
            Run first = entry.getValue().get(0);
            lines.add("  unjudgeable, " + entry.getValue().size() + " of " + runs.size() + " runs: " + entry.getKey());
            lines.add("      e.g. run " + first.number() + ", case " + first.caseIndex() + " '" + first.c().title() + "', seed "
                    + first.seed() + ": " + ((StressJudgement.Unjudgeable) first.judgement()).why());
        }
        return String.join("\n", lines);
    }

    private String writeCase(Case c) {
        try {
            return FoundCases.write(caseDir, c).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the case to " + caseDir, e);
        }
    }
}
