package io.mapdirect.cli;

import io.mapdirect.check.Violation;
import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.Replay;
import io.mapdirect.report.ExplainFilter;
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

    @Override
    public Integer call() {
        ArgumentLimits.checkCount(spec, "--width", width, ArgumentLimits.MIN_WIDTH, ArgumentLimits.MAX_WIDTH);
        CorpusFiles.Loaded loaded = CorpusFiles.load(file);
        if (!loaded.ok()) {
            spec.commandLine().getErr().println("explain: " + loaded.error().getMessage());
            return 1;
        }
        Replay.Replayed replayed = Replay.run(loaded.parsed());
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
