package io.mapdirect.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of {@code ./mapdirect}: dispatches to the subcommands. */
@Command(name = "mapdirect", mixinStandardHelpOptions = true, version = "mapdirect 0.1.0",
        description = "Property-based fuzzing and conformance suite for DMA into fs-DAX files (MAP_DIRECT).",
        subcommands = {FuzzCommand.class, BenchCommand.class, VerdictsCommand.class,
                ReplayCommand.class,
                ExplainCommand.class,
                MinimizeCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    /** Exit status for a bad command line. */
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status (0 success, 1 findings or failure, 2 usage). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler(new OneLineErrors());
        return commandLine;
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("mapdirect: missing subcommand (try 'mapdirect --help'; the main job is 'mapdirect fuzz')");
        return EXIT_USAGE;
    }
}
