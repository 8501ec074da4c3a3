package io.mapdirect.cli;

import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.Replay;
import io.mapdirect.harness.Case;
import io.mapdirect.report.FailureReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mapdirect replay FILE...}: runs corpus cases and prints the verdict of each. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay corpus cases and print the verdict of each.",
                "",
                "Each case runs with every invariant and must meet its '# expect:' line (pass, an invariant id, or",
                "several ids separated by ', ': exactly those are violated) and every '=> RESULT [at TIME]' check.",
                "A directory stands for every *.case under it. A malformed file is reported with its file, line and",
                "column and does not stop the others. Exit status: 0 when every case met its expectation, 1",
                "otherwise, 2 on a bad command line.",
                ""})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Case files or directories of cases.")
    List<Path> files;

    @Option(names = "--faults-off", description = "Run the design instead: injected faults out, reverted repairs back on, a *_POSTED variant as its design; expect pass.")
    boolean faultsOff;

    @Option(names = {"-v", "--verbose"}, description = "Print the full report (case, timeline, state) of every failing case.")
    boolean verbose;

    @Option(names = "--json", description = "Make the last line of output one JSON object: cases, passed, failed, malformed.")
    boolean json;

    @Override
    public Integer call() {
        for (Path file : files) {
            if (!Files.exists(file)) {
                throw new ParameterException(spec.commandLine(), "no such file or directory: " + file);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        int passed = 0;
        int failed = 0;
        int malformed = 0;
        for (CorpusFiles.Loaded loaded : CorpusFiles.loadAll(files)) {
            if (!loaded.ok()) {
                malformed++;
                out.println("MALFORMED " + loaded.error().getMessage());
                continue;
            }
            Case c = faultsOff ? Replay.faultsOff(loaded.parsed()) : loaded.parsed();
            Replay.Replayed replayed = Replay.run(c);
            if (replayed.verdict().ok()) {
                passed++;
                out.println("ok        " + loaded.file() + ": " + replayed.verdict().actual());
            } else {
                failed++;
                out.println("FAILED    " + loaded.file() + ": " + String.join("; ", replayed.verdict().problems()));
                if (verbose) {
                    out.println(FailureReport.render("-", Replay.command(loaded.file().toString()), c, replayed.result()));
                }
            }
        }
        out.println(String.format(Locale.ROOT, "replay: %d cases, %d met their expectation, %d failed, %d malformed",
                passed + failed + malformed, passed, failed, malformed));
        if (json) {
            out.println(String.format(Locale.ROOT, "{\"cases\":%d,\"passed\":%d,\"failed\":%d,\"malformed\":%d}",
                    passed + failed + malformed, passed, failed, malformed));
        }
        out.flush();
        return failed + malformed == 0 ? 0 : 1;
    }
}
