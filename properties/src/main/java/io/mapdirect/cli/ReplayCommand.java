package io.mapdirect.cli;

import io.mapdirect.corpus.CaseVerdict;
import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.Replay;
import io.mapdirect.harness.Case;
import io.mapdirect.report.FailureReport;
import io.mapdirect.verdict.VerdictTable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    @Option(names = "--json", description = "Print one JSON object (counts and one result per case) on standard output and the text on standard error.")
    boolean json;

    @Override
    public Integer call() {
        for (Path file : files) {
            if (!Files.exists(file)) {
                throw new ParameterException(spec.commandLine(), "no such file or directory: " + file);
            }
        }
        Output output = new Output(spec, json);
        PrintWriter text = output.text();
        List<String> results = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        int malformed = 0;
        for (CorpusFiles.Loaded loaded : CorpusFiles.loadAll(files)) {
            String file = loaded.file().toString();
            if (!loaded.ok()) {
                malformed++;
                text.println("MALFORMED " + loaded.error().getMessage());
                results.add(result(file, "malformed", null, List.of(loaded.error().getMessage())));
                continue;
            }
            Case c = faultsOff ? Replay.faultsOff(loaded.parsed()) : loaded.parsed();
            Replay.Replayed replayed = Replay.run(c);
            CaseVerdict verdict = replayed.verdict();
            if (verdict.ok()) {
                passed++;
                text.println("ok        " + file + ": " + verdict.actual());
            } else {
                failed++;
                text.println("FAILED    " + file + ": " + String.join("; ", verdict.problems()));
                if (verbose) {
                    text.println(FailureReport.render("-", Replay.command(file), c, replayed.result()));
                }
            }
            results.add(result(file, verdict.ok() ? "ok" : "failed", verdict.actual(), verdict.problems()));
        }
        int cases = passed + failed + malformed;
        text.println(String.format(Locale.ROOT, "replay: %d cases, %d met their expectation, %d failed, %d malformed",
                cases, passed, failed, malformed));
        output.flush();
        output.document(String.format(Locale.ROOT, "{\"command\":\"replay\",\"cases\":%d,\"passed\":%d,\"failed\":%d,"
                + "\"malformed\":%d,\"results\":[%s]}", cases, passed, failed, malformed, String.join(",", results)));
        return failed + malformed == 0 ? 0 : 1;
    }

    /** One case's JSON: file, status (ok, failed, malformed), the violated invariants and the problems or error. */
    private static String result(String file, String status, String actual, List<String> problems) {
        List<String> quoted = problems.stream().map(VerdictTable::quote).toList();
        return "{\"file\":" + VerdictTable.quote(file) + ",\"status\":\"" + status + "\",\"actual\":"
                + (actual == null ? "null" : VerdictTable.quote(actual)) + ",\"problems\":[" + String.join(",", quoted) + "]}";
    }
}
