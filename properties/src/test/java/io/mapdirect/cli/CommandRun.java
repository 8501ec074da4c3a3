package io.mapdirect.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of {@code ./mapdirect ARGS}: exit status and what it printed, for the CLI tests. */
record CommandRun(int status, String out, String err) {
    /** Runs {@link Main}'s command line with {@code args}, capturing standard output and error. */
    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new CommandRun(status, out.toString(), err.toString());
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    String lastLine() {
        List<String> lines = outLines();
        return lines.get(lines.size() - 1);
    }
}
