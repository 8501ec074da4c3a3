package io.mapdirect.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** A bad command line gives one clear error line, naming where to find help, and exit status 2. */
final class OneLineErrors implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine commandLine = error.getCommandLine();
        String command = commandLine.getCommandSpec().qualifiedName();
        commandLine.getErr().println(command + ": " + error.getMessage() + " (try '" + command + " --help')");
        return Main.EXIT_USAGE;
    }
}
