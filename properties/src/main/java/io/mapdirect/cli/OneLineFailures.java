package io.mapdirect.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The last line of defence: an exception no command expected (a bug in mapdirect, or the JVM out of
 * memory) is printed as one line on standard error, naming the command and the exception, with exit
 * status {@value #EXIT_INTERNAL}; set {@code MAPDIRECT_TRACE=1} to get the stack trace as well. Bad
 * input never gets here: the corpus parser and the option checks reject it first.
 */
final class OneLineFailures implements IExecutionExceptionHandler {
    /** Exit status of an internal error. */
    static final int EXIT_INTERNAL = 3;

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parsed) {
        String command = commandLine.getCommandSpec().qualifiedName();
        commandLine.getErr().println(command + ": internal error: " + error
                + " (a bug in mapdirect; set MAPDIRECT_TRACE=1 for the stack trace)");
        if ("1".equals(System.getenv("MAPDIRECT_TRACE"))) {
            error.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().flush();
        return EXIT_INTERNAL;
    }
}
