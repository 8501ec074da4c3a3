package io.mapdirect.cli;

import io.mapdirect.check.Violation;
import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.Replay;
import io.mapdirect.report.ExplainFilter;
import io.mapdirect.report.RunPage;
import io.mapdirect.report.StateLine;
import io.mapdirect.report.Timeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mapdirect explain FILE}: the per-task timeline of one case. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Print the per-task timeline of one case.",
                "",
                "One column per task (processes, the device, kernel workers), one row per event with its virtual",
                "time: every operation with its result, and every invariant-relevant model event (lease states,",
                "block-map changes, SIGIO and SIGBUS, PTE zaps, IOTLB fills and flushes, IOVAs, DMA landings).",
                "Then the violations, the verdict against the case's '# expect:' line and a state line.",
                "With --html OUT, the same run as one self-contained HTML page instead (see docs/reading-a-run.md).",
                ""})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A case file.")
    Path file;

    @Option(names = "--all", description = "Show every model event, not only the invariant-relevant ones.")
    boolean all;

    @Option(names = "--width", paramLabel = "N", defaultValue = "34", description = "Column width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--html", paramLabel = "OUT",
            description = "Write the run as one self-contained HTML page (a lane per task, operations as boxes) to OUT"
                    + " instead of printing the text timeline.")
    Path html;

    @Override
    public Integer call() {
        ArgumentLimits.checkCount(spec, "--width", width, ArgumentLimits.MIN_WIDTH, ArgumentLimits.MAX_WIDTH);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "no such file: " + file);
        }
        CorpusFiles.Loaded loaded = CorpusFiles.load(file);
        if (!loaded.ok()) {
            spec.commandLine().getErr().println("explain: " + loaded.error().getMessage());
            return 1;
        }
        Replay.Replayed replayed = Replay.run(loaded.parsed());
        if (html != null) {
            RunPage.Run run = new RunPage.Run(file.getFileName().toString(), loaded.parsed(), replayed.result(),
                    replayed.verdict(), Replay.command(file.toString()));
            String page = RunPage.render(run, all ? ExplainFilter.EVERYTHING : ExplainFilter.INVARIANT_RELEVANT);
            if (!Pages.write(html, page, spec.commandLine().getErr(), "explain")) {
                return 1;
            }
            spec.commandLine().getErr().println("explain: wrote " + html + " (verdict " + replayed.verdict().actual() + ")");
            spec.commandLine().getErr().flush();
            return replayed.verdict().ok() ? 0 : 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("case " + file.getFileName() + ": " + loaded.parsed().title() + " (" + loaded.parsed().variant() + ", faults "
                + (loaded.parsed().faults().isEmpty() ? "none" : loaded.parsed().faults()) + ")");
        out.println();
        out.print(Timeline.render(replayed.result().world().kernel().events().entries(),
                all ? ExplainFilter.EVERYTHING : ExplainFilter.INVARIANT_RELEVANT, width));
        out.println();
        for (Violation violation : replayed.result().violations()) {
            out.println("VIOLATED " + violation.describe());
        }
        out.println("run: " + replayed.result().outcome().describe() + ", " + replayed.result().steps() + " steps, "
                + replayed.result().switches() + " switches");
        out.println(StateLine.of(replayed.result().world()));
        out.println("verdict: " + replayed.verdict().actual() + " (expected " + loaded.parsed().expect() + ")"
                + (replayed.verdict().ok() ? "" : " MISMATCH: " + String.join("; ", replayed.verdict().problems())));
        out.flush();
        return replayed.verdict().ok() ? 0 : 1;
    }
}
