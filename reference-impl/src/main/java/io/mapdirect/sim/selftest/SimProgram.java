package io.mapdirect.sim.selftest;

import java.util.List;

/**
 * A generated program: how many of each resource it uses, the script of every task and the body of
 * every work and delayed-work item.
 */
public record SimProgram(int mutexes, int rwsems, int queues, List<List<Op>> tasks,
                         List<List<Op>> workBodies, List<List<Op>> delayedBodies) {
    public SimProgram {
        tasks = tasks.stream().map(List::copyOf).toList();
        workBodies = workBodies.stream().map(List::copyOf).toList();
        delayedBodies = delayedBodies.stream().map(List::copyOf).toList();
    }

    /** Total number of steps in every script and body. */
    public int size() {
        return count(tasks) + count(workBodies) + count(delayedBodies);
    }

    private static int count(List<List<Op>> scripts) {
        return scripts.stream().mapToInt(List::size).sum();
    }

    /** A listing, one script per line: {@code T0: lock m0; racy 1; unlock m0}. */
    public String listing() {
        StringBuilder out = new StringBuilder();
        out.append("resources: ").append(mutexes).append(" mutexes, ").append(rwsems).append(" rwsems, ")
                .append(queues).append(" wait queues, ").append(workBodies.size()).append(" works, ")
                .append(delayedBodies.size()).append(" delayed works\n");
        append(out, "T", tasks);
        append(out, "w", workBodies);
        append(out, "d", delayedBodies);
        return out.toString();
    }

    private static void append(StringBuilder out, String prefix, List<List<Op>> scripts) {
        for (int i = 0; i < scripts.size(); i++) {
            out.append(prefix).append(i).append(": ");
            out.append(String.join("; ", scripts.get(i).stream().map(Op::format).toList())).append('\n');
        }
    }
}
