package io.mapdirect.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of {@code ./mapdirect}: dispatches to the subcommands. */
@Command(name = "mapdirect", mixinStandardHelpOptions = true, version = "mapdirect 0.1.0",
        description = "Property-based fuzzing and conformance suite for DMA into fs-DAX files (MAP_DIRECT).",
        subcommands = {FuzzCommand.class, BenchCommand.class, VerdictsCommand.class, HuntCommand.class, SweepCommand.class, ExploreCommand.class,
                ReplayCommand.class,
                ExplainCommand.class,
                MinimizeCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    /** Exit status for a bad command line. */
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    /** The JVM property that sizes the virtual-thread scheduler (its carrier threads). */
    static final String CARRIERS_PROPERTY = "jdk.virtualThreadScheduler.parallelism";

    public static void main(String[] args) {
        useOneCarrier();
        System.exit(execute(args));
    }

    /**
     * Gives virtual threads one carrier unless the user chose otherwise ({@code -D} of
     * {@value #CARRIERS_PROPERTY}): a simulation runs one task at a time and every command runs its
     * cases one after another, so a second carrier only adds cross-CPU wake-ups at every baton
     * handoff (measured in docs/measurements.md, "The property suite"). Must run before the first virtual
     * thread exists, which is why it is the first thing {@link #main} does.
     */
    static void useOneCarrier() {
        if (System.getProperty(CARRIERS_PROPERTY) == null) {
            System.setProperty(CARRIERS_PROPERTY, "1");
        }
    }

    /** Runs the command line and returns the exit status (0 success, 1 findings or failure, 2 usage, 3 internal error). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler(new OneLineErrors());
        commandLine.setExecutionExceptionHandler(new OneLineFailures());
        return commandLine;
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("mapdirect: missing subcommand (try 'mapdirect --help'; the main job is 'mapdirect fuzz')");
        return EXIT_USAGE;
    }
}
