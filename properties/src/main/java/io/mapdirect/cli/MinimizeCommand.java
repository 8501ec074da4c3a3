package io.mapdirect.cli;

import io.mapdirect.corpus.CaseVerdict;
import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.Replay;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseMinimizer;
import io.mapdirect.harness.Step;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mapdirect minimize FILE}: delta-debugs a failing case further. */
@Command(name = "minimize", mixinStandardHelpOptions = true,
        description = {"Delta-debug a failing case further.",
                "",
                "Drops chunks of operations, then whole actors, then shortens and zeroes the schedule, re-running",
                "the case after every step and keeping a change only if the case still violates exactly the same",
                "invariants; then tries each single step again with the schedule's preemptions moved a few",
                "decisions (docs/cli.md). Result checks ('=> ...') are dropped. Prints the smaller case (or writes it with",
                "--output) and a summary on standard error. Exit status 1 if the case violates nothing.",
                ""})
final class MinimizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A case file that violates an invariant.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write the minimized case here (may be FILE itself).")
    Path output;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "no such file: " + file);
        }
        CorpusFiles.Loaded loaded = CorpusFiles.load(file);
        if (!loaded.ok()) {
            err.println("minimize: " + loaded.error().getMessage());
            return 1;
        }
        Case original = loaded.parsed().withSteps(loaded.parsed().steps().stream().map(Step::unchecked).toList());
        Set<String> target = Replay.run(original).verdict().violated();
        if (target.isEmpty()) {
            err.println("minimize: " + file + " violates no invariant; nothing to minimize");
            return 1;
        }
        CaseMinimizer minimizer = new CaseMinimizer(candidate -> Replay.run(candidate).verdict().violated().equals(target));
        Case smaller = minimizer.minimize(original).withExpect(String.join(", ", target));
        String text = CaseWriter.write(smaller);
        if (output != null) {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } else {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        err.println("minimize: " + original.steps().size() + " -> " + smaller.steps().size() + " operations, "
                + CaseMinimizer.switches(original) + " -> " + CaseMinimizer.switches(smaller) + " switches, "
                + minimizer.runs() + " runs; still violates " + CaseVerdict.expectedIds(smaller.expect())
                + (output != null ? "; written to " + output : ""));
        err.flush();
        return 0;
    }
}
