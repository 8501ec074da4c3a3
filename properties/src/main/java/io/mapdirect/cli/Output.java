package io.mapdirect.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where a command prints. Without {@code --json} its text report goes to standard output; with
 * {@code --json} standard output carries one JSON document and nothing else, and the text report
 * moves to standard error (so {@code ./mapdirect CMD --json | jq .} always works). Progress lines go
 * to standard error either way.
 */
final class Output {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;

    Output(CommandSpec spec, boolean json) {
        this.out = spec.commandLine().getOut();
        this.err = spec.commandLine().getErr();
        this.json = json;
    }

    /** The text report: standard output, or standard error under {@code --json}. */
    PrintWriter text() {
        return json ? err : out;
    }

    /** Progress and summaries that are never the command's answer. */
    PrintWriter progress() {
        return err;
    }

    boolean json() {
        return json;
    }

    /** Prints the command's one JSON document on standard output (only under {@code --json}). */
    void document(String jsonDocument) {
        if (json) {
            out.println(jsonDocument);
            out.flush();
        }
    }

    void flush() {
        out.flush();
        err.flush();
    }
}
