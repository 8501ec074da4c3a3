package io.mapdirect.campaign;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts another JVM like this one: the same {@code java} binary, the same class
 * path and the JVM options this one was started with (so a warm-start cache, heap size and JIT
 * flags carry over), less the ones a worker must not inherit: agents (a coverage agent of a test
 * JVM) and the options that record an ahead-of-time cache (only the training run writes it).
 */
public final class JvmCommand {
    private static final List<String> NOT_INHERITED = List.of("-javaagent", "-agentlib", "-agentpath",
            "-XX:AOTCacheOutput", "-XX:AOTConfiguration", "-XX:AOTMode", "-XX:ArchiveClassesAtExit", "-Xshare:dump");

    private JvmCommand() {
    }

    /** The option that names the ahead-of-time cache a JVM starts from (the warm start). */
    static final String WARM_START_OPTION = "-XX:AOTCache=";

    /** {@code java OPTIONS -cp CLASSPATH mainClass} of this JVM. */
    public static List<String> forMain(String mainClass) {
        return forMain(mainClass, true);
    }

    /** The same, without this JVM's warm-start cache when {@code warmStart} is false (to measure a cold start). */
    public static List<String> forMain(String mainClass, boolean warmStart) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        inherited(ManagementFactory.getRuntimeMXBean().getInputArguments()).stream()
                .filter(option -> warmStart || !option.startsWith(WARM_START_OPTION)).forEach(command::add);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        return command;
    }

    /** Whether this JVM started from an ahead-of-time cache ({@code ./mapdirect} on JDK 25 or later). */
    public static boolean hasWarmStart() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(option -> option.startsWith(WARM_START_OPTION));
    }

    /** The options of {@code options} a worker inherits. */
    static List<String> inherited(List<String> options) {
        return options.stream().filter(option -> NOT_INHERITED.stream().noneMatch(option::startsWith)).toList();
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
