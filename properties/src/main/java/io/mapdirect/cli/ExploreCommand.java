package io.mapdirect.cli;

import io.mapdirect.check.Violation;
import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.Replay;
import io.mapdirect.gen.ScheduleExplorer;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Step;
import io.mapdirect.verdict.VerdictTable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mapdirect explore CASE}: every schedule of a case with at most k preemptions (docs/explore.md). */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = {"Run every schedule of a case with at most --preemptions preemptions.",
                "",
                "Iterative context bounding: the schedule without preemptions, then every one with one, then two, up",
                "to the bound, each run judged by the invariants its variant must keep; stops at the first violation",
                "(fewest preemptions first) and prints it as a case that ./mapdirect replay replays. The case's own",
                "schedule and result checks are ignored. Branches from a state already explored (every task through",
                "the same trace entries, at the same virtual time) are pruned unless --no-prune. Deterministic.",
                "Exit status 0 no violation, 1 a violation, 2 a bad command line.",
                ""})
final class ExploreCommand implements Callable<Integer> {
    static final int DEFAULT_PREEMPTIONS = 2;
    static final int MAX_PREEMPTIONS = 5;
    static final long DEFAULT_MAX_SCHEDULES = 200_000;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CASE", description = "A case file.")
    Path file;

    @Option(names = "--preemptions", paramLabel = "K",
            description = "The most preemptions a schedule has, 0 to " + MAX_PREEMPTIONS + " (default: " + DEFAULT_PREEMPTIONS + ").")
    int preemptions = DEFAULT_PREEMPTIONS;

    @Option(names = "--max-schedules", paramLabel = "N",
            description = "Stop after running this many schedules (default: " + DEFAULT_MAX_SCHEDULES + ").")
    long maxSchedules = DEFAULT_MAX_SCHEDULES;

    @Option(names = "--no-prune", description = "Run every schedule, even from states already explored.")
    boolean noPrune;

    @Option(names = "--json", description = "Print one JSON object on standard output instead of the text report.")
    boolean json;

    @Override
    public Integer call() {
        if (preemptions < 0 || preemptions > MAX_PREEMPTIONS) {
            throw new ParameterException(spec.commandLine(),
                    "--preemptions must be 0 to " + MAX_PREEMPTIONS + ", got " + preemptions);
        }
        if (maxSchedules < 1) {
            throw new ParameterException(spec.commandLine(), "--max-schedules must be at least 1, got " + maxSchedules);
        }
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "no such file: " + file);
        }
        CorpusFiles.Loaded loaded = CorpusFiles.load(file);
        if (!loaded.ok()) {
            throw new ParameterException(spec.commandLine(), loaded.error().getMessage());
        }
        Case c = loaded.parsed().withSteps(loaded.parsed().steps().stream().map(Step::unchecked).toList());
        ScheduleExplorer.Result result = ScheduleExplorer.explore(c, preemptions, !noPrune, maxSchedules);
        Case found = result.violating().map(v -> asCorpusCase(v.schedule())).orElse(null);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(result, found) + System.lineSeparator() : text(result, found));
        out.flush();
        return found != null ? 1 : 0;
    }

    /** The violating schedule as a case whose expectation is what replaying it violates. */
    private Case asCorpusCase(Case violating) {
        Set<String> violated = Replay.run(violating).verdict().violated();
        return violating.withExpect(String.join(", ", violated)).withHeader(violating.title(),
                "found by ./mapdirect explore " + file.getFileName() + " --preemptions " + preemptions);
    }

    private String text(ScheduleExplorer.Result result, Case found) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "explore: %s, at most %d preemption%s, %s%n", file, preemptions, preemptions == 1 ? "" : "s",
                noPrune ? "no pruning" : "pruning explored states"));
        out.append(String.format(Locale.ROOT, "decisions in the run without preemptions: %d%n", result.defaultDecisions()));
        out.append(String.format(Locale.ROOT, "schedules run: %d (%s by preemptions); branches pruned: %d%s%n", result.runs(),
                perLevel(result.runsPerPreemptions()), result.prunedBranches(),
                result.capped() ? "; stopped at --max-schedules " + maxSchedules : ""));
        if (found == null) {
            out.append(String.format(Locale.ROOT, "no violation within %d preemption%s%n", preemptions, preemptions == 1 ? "" : "s"));
            return out.toString();
        }
        ScheduleExplorer.Violating v = result.violating().orElseThrow();
        out.append(String.format(Locale.ROOT, "VIOLATION %s with %d preemption%s, schedule %s%n", v.result().firstViolated(),
                v.preemptions(), v.preemptions() == 1 ? "" : "s", Arrays.toString(v.schedule().schedule())));
        for (Violation violation : v.result().violations()) {
            out.append("  ").append(violation.describe()).append(System.lineSeparator());
        }
        out.append(CaseWriter.write(found));
        return out.toString();
    }

    private static String perLevel(long[] runs) {
        return Arrays.stream(runs).mapToObj(Long::toString).collect(Collectors.joining(" / "));
    }

    private String json(ScheduleExplorer.Result result, Case found) {
        String violating = result.violating().map(v -> "{\"invariant\":\"" + v.result().firstViolated() + "\",\"preemptions\":"
                + v.preemptions() + ",\"schedule\":" + Arrays.stream(v.schedule().schedule()).mapToObj(Integer::toString)
                .collect(Collectors.joining(",", "[", "]")) + ",\"case\":" + quote(CaseWriter.write(found)) + "}").orElse("null");
        return "{\"command\":\"explore\",\"file\":" + quote(file.toString()) + ",\"preemptions\":" + preemptions
                + ",\"prune\":" + !noPrune + ",\"defaultDecisions\":" + result.defaultDecisions() + ",\"schedules\":" + result.runs()
                + ",\"schedulesByPreemptions\":" + Arrays.stream(result.runsPerPreemptions()).mapToObj(Long::toString)
                .collect(Collectors.joining(",", "[", "]")) + ",\"prunedBranches\":" + result.prunedBranches()
                + ",\"capped\":" + result.capped() + ",\"violation\":" + violating + "}";
    }

    private static String quote(String text) {
        return VerdictTable.quote(text);
    }
}
