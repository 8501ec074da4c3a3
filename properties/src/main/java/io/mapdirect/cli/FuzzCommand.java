package io.mapdirect.cli;

import io.mapdirect.campaign.Campaign;
import io.mapdirect.campaign.CampaignCases;
import io.mapdirect.campaign.Finding;
import io.mapdirect.campaign.FoundCase;
import io.mapdirect.campaign.Shard;
import io.mapdirect.campaign.Totals;
import io.mapdirect.campaign.WorkerLines;
import io.mapdirect.campaign.Workers;
import io.mapdirect.corpus.FoundCases;
import io.mapdirect.harness.Variant;
import io.mapdirect.report.FailureReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mapdirect fuzz}: the main job, the model's fuzz campaign (or the simulator's self-check). */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Run a fuzz campaign (the main job).",
                "",
                "Generated concurrent cases over every variant in turn (V7, V8, V8_GRACE, REMAP, ODP, UPSTREAM,",
                "LAYOUT_LEASE_RFC), all faults off, each judged against the invariants its variant must keep",
                "(the verdict table). Case K of seed S depends only on (S, K): '--seed S --case K' replays it.",
                "A finding is re-run to confirm it, minimized and written to fuzz-corpus/found/<hash>.case, so",
                "the found/ folders of many shards merge by plain file union. Progress goes to standard error.",
                "--jobs N runs N worker processes on this machine (default: one per core), each a part of the",
                "shard, together exactly the cases of one job: same cases, same traces, same findings.",
                "Exit status: 0 no finding, 1 findings, 2 bad command line.",
                ""})
final class FuzzCommand implements Callable<Integer> {
    static final long DEFAULT_CASES = 2000;

    @Spec
    CommandSpec spec;

    @Option(names = "--cases", paramLabel = "N",
            description = "Run case indices 0..N-1 (split among the shards; default: " + DEFAULT_CASES
                    + ", or no limit when --time is given).")
    Long cases;

    @Option(names = "--time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop once this much wall-clock time has passed, e.g. 90s, 2m, 1h.")
    Duration time;

    @Option(names = "--seed", paramLabel = "S", description = "Campaign seed (default: a fresh one, printed).")
    Long seed;

    @Option(names = "--case", paramLabel = "K", description = "Run only case K of the seed and print its report.")
    Long caseIndex;

    @Option(names = "--shard", paramLabel = "i/n|auto",
            description = "Run only case indices K with K mod n = i; 'auto' reads a Kubernetes Indexed Job"
                    + " (JOB_COMPLETION_INDEX + MAPDIRECT_SHARD_COUNT) or CI matrix variables.")
    String shard;

    @Option(names = "--found", paramLabel = "DIR", description = "Where findings go (default: fuzz-corpus/found).")
    Path found;

    @Option(names = "--json", description = "Print one JSON object on standard output and the text report on standard error.")
    boolean json;

    @Option(names = "--sim-selftest", description = "Run the simulation core's self-check campaign instead.")
    boolean simSelftest;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Run the campaign in N worker processes side by side (default: the machine's cores); "
                    + "worker w runs part w/N of the shard, so together they run exactly the cases, and find "
                    + "exactly what, one job finds. --jobs 1 runs in this process.")
    Integer jobs;

    @Option(names = "--feedback",
            description = "Coverage feedback: keep the cases that reach a new probe, call x result pair or model "
                    + "transition, and make every " + Campaign.MUTANT_EVERY + "nd case a mutant of a kept one "
                    + "(docs/schedule-search.md). The cases then depend on the order they run in: the same seed, "
                    + "shard, jobs and --cases give the same cases, other jobs other ones.")
    boolean feedback;

    /** Hidden: run as one worker of a --jobs campaign, printing {@link WorkerLines} instead of a report. */
    @Option(names = "--worker", hidden = true)
    boolean worker;

    @Override
    public Integer call() {
        ArgumentLimits.checkCount(spec, "--cases", cases, 1, ArgumentLimits.MAX_CASES);
        ArgumentLimits.checkCount(spec, "--case", caseIndex, 0, ArgumentLimits.MAX_CASE_INDEX);
        ArgumentLimits.checkDuration(spec, "--time", time);
        int workers = JobsOption.resolve(spec, jobs);
        Output output = new Output(spec, json);
        if (simSelftest) {
            return new SimSelftest(cases, time, seed, output).call();
        }
        long campaignSeed = seed != null ? seed : freshSeed();
        Shard theShard = shard();
        Path foundDir = found != null ? found : FoundCases.foundDir();
        Campaign campaign = new Campaign(campaignSeed, theShard, foundDir, feedback);
        if (caseIndex != null) {
            return one(campaign, campaignSeed, caseIndex, output);
        }
        long maxCases = cases != null ? cases : time != null ? 0 : DEFAULT_CASES;
        if (worker) {
            return new FuzzWorker(campaign, campaignSeed, spec.commandLine().getOut()).run(maxCases, time);
        }
        workers = (int) Math.min(workers, Math.max(1, casesOf(theShard, maxCases)));
        PrintWriter out = output.text();
        PrintWriter err = output.progress();
        out.println("fuzz: model campaign, seed " + campaignSeed + ", shard " + theShard + ", "
                + (maxCases > 0 ? maxCases + " cases" : "no case limit")
                + (time != null ? ", time limit " + time.toSeconds() + "s" : "") + ", " + workers
                + (workers == 1 ? " job" : " jobs") + ", variants " + Variant.designs() + ", faults off"
                + (feedback ? ", coverage feedback" : ""));
        out.flush();
        Progress progress = new Progress(err, maxCases);
        long startNs = System.nanoTime();
        Totals totals;
        try {
            totals = workers == 1 ? inProcess(campaign, campaignSeed, maxCases, progress, out, startNs)
                    : new ParallelFuzz(campaignSeed, theShard, foundDir, maxCases, time, feedback, out, progress)
                            .run(workers, startNs);
        } catch (Workers.Failed e) {
            progress.clear();
            err.println("fuzz: " + e.getMessage());
            return 1;
        }
        double seconds = (System.nanoTime() - startNs) / 1e9;
        progress.clear();
        FuzzSummary.print(out, totals, seconds);
        output.flush();
        output.document(FuzzSummary.json(campaignSeed, theShard, workers, feedback, totals, seconds));
        return totals.found().isEmpty() ? 0 : 1;
    }

    private Totals inProcess(Campaign campaign, long campaignSeed, long maxCases, Progress progress, PrintWriter out,
                             long startNs) {
        long deadlineNs = time == null ? Long.MAX_VALUE : startNs + time.toNanos();
        List<FoundCase> found = new ArrayList<>();
        Campaign.Stats stats = campaign.run(maxCases, () -> System.nanoTime() < deadlineNs, (soFar, finding) -> {
            if (finding != null) {
                FoundCase foundCase = foundCase(campaignSeed, finding);
                found.add(foundCase);
                progress.clear();
                out.print(foundCase.report());
                out.flush();
            }
            long elapsedNs = System.nanoTime() - startNs;
            progress.update(() -> FuzzSummary.progressLine(soFar.cases(), soFar.steps(), soFar.probes().size(),
                    soFar.findings().size(), elapsedNs) + FuzzSummary.coverageWords(soFar.calls(), soFar.transitions(),
                    soFar.mutants()), elapsedNs);
        });
        return new Totals(stats.cases(), stats.steps(), stats.digest(), stats.probes(), found, stats.coverage());
    }

    /** A finding of this process as the summary shows it. */
    static FoundCase foundCase(long seed, Finding finding) {
        return new FoundCase(finding.caseIndex(), finding.invariant(), finding.shrunk().variant().name(), finding.file(),
                report(seed, finding));
    }

    /** How many of {@code shard}'s indices are below {@code maxCases} (0: no limit, so as many as there are). */
    static long casesOf(Shard shard, long maxCases) {
        return maxCases == 0 ? Long.MAX_VALUE : Math.max(0, (maxCases - shard.index() + shard.count() - 1) / shard.count());
    }

    private Shard shard() {
        if (shard == null) {
            return Shard.ALL;
        }
        try {
            return shard.equals("auto") ? Shard.fromEnvironment(System.getenv()) : Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static int one(Campaign campaign, long seed, long index, Output output) {
        Campaign.Stats stats = new Campaign.Stats();
        Finding finding = campaign.runOne(index, stats);
        PrintWriter text = output.text();
        text.println("fuzz: seed " + seed + " case " + index + " (" + CampaignCases.variantOf(index) + "): "
                + (finding == null ? "no finding, " + stats.steps() + " steps" : finding.invariant()));
        if (finding != null) {
            text.print(report(seed, finding));
        }
        output.flush();
        output.document(String.format(Locale.ROOT, "{\"campaign\":\"model\",\"seed\":%d,\"case\":%d,\"variant\":\"%s\","
                        + "\"steps\":%d,\"finding\":%s,\"found\":%s}", seed, index, CampaignCases.variantOf(index),
                stats.steps(), finding == null ? "null" : "\"" + finding.invariant() + "\"",
                finding == null ? "null" : quote(finding.file().toString())));
        return finding == null ? 0 : 1;
    }

    /** The report of a finding: the seed and replay commands first, then what was found and where it was written. */
    static String report(long seed, Finding finding) {
        String report = FailureReport.render(seed + " case " + finding.caseIndex(), replayCommand(seed, finding.caseIndex())
                + " or ./mapdirect replay " + finding.file(), finding.shrunk(), finding.result());
        int firstLine = report.indexOf('\n') + 1;
        return report.substring(0, firstLine) + "FINDING " + finding.invariant() + " on " + finding.shrunk().variant()
                + ", written to " + finding.file() + "\n" + report.substring(firstLine);
    }

    static String replayCommand(long seed, long index) {
        return "./mapdirect fuzz --seed " + seed + " --case " + index;
    }

    /** Not model code: a campaign without --seed explores fresh cases and prints the seed it used. */
    static long freshSeed() {
        long mixed = (System.nanoTime() ^ System.currentTimeMillis() * 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        return (mixed ^ (mixed >>> 29)) & Long.MAX_VALUE;
    }

    private static String quote(String text) {
        return io.mapdirect.verdict.VerdictTable.quote(text);
    }
}
