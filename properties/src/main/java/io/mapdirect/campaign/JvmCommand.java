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

    /** {@code java OPTIONS -cp CLASSPATH mainClass} of this JVM. */
    public static List<String> forMain(String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(inherited(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        return command;
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
