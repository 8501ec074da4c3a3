package io.mapdirect.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /** A strict parser: one JSON document, nothing before or after it. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Standard output parsed whole as one JSON document (the {@code --json} convention); fails the
     * test with the output when it is anything else (text before or after, two documents, none).
     */
    JsonNode json() {
        try {
            JsonNode node = JSON.readTree(out);
            if (node == null || node.isMissingNode()) {
                throw new AssertionError("standard output holds no JSON document: '" + out + "'");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AssertionError("standard output is not one JSON document (" + e.getOriginalMessage() + "):\n" + out, e);
        }
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    String lastLine() {
        List<String> lines = outLines();
        return lines.get(lines.size() - 1);
    }
}
