package io.mapdirect.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reliability of the findings of a real-thread stress campaign, as syzkaller reports it: for each kind of
 * finding, in how many of the N runs it showed ({@code k of N runs}), with the first example. A run's
 * finding comes from its outcome ({@link #classify}): a crash (by exception and the first model frame), a
 * lost wake-up (a deadlock where a task waits for a lock nobody holds), a deadlock, a hang (the wall-clock
 * limit) or a budget runaway; a completed run has none.
 */
public final class StressTally {
    private final String campaign;
    private final Map<String, Integer> counts = new TreeMap<>();
    private final Map<String, String> examples = new TreeMap<>();
    private int runs;

    public StressTally(String campaign) {
        this.campaign = campaign;
    }

    /** Counts one run and its finding, if any; returns the finding ({@code null} for none). */
    public String add(RunOutcome outcome, String example) {
        runs++;
        String finding = classify(outcome);
        if (finding != null) {
            counts.merge(finding, 1, Integer::sum);
            examples.putIfAbsent(finding, example + ": " + outcome.describe().lines().findFirst().orElse(""));
        }
        return finding;
    }

    /** Counts one finding the caller detected itself (an invariant broken at a quiescent point). */
    public void addFinding(String finding, String example) {
        counts.merge(finding, 1, Integer::sum);
        examples.putIfAbsent(finding, example);
    }

    public int runs() {
        return runs;
    }

    /** Finding to the number of runs it showed in. */
    public Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    /** The kind of finding an outcome is, or null for a completed run. */
    public static String classify(RunOutcome outcome) {
        return switch (outcome) {
            case RunOutcome.Completed c -> null;
            case RunOutcome.Deadlock d -> d.blocked().stream().anyMatch(b -> b.waitsOn().endsWith("held by null"))
                    ? "lost wake-up (a task sleeps on a lock nobody holds)" : "deadlock";
            case RunOutcome.Crashed c -> "crash: " + c.error().getClass().getSimpleName() + firstModelFrame(c.error());
            case RunOutcome.Runaway r -> r.why().startsWith("wall-clock") || r.why().contains("did not unwind")
                    ? "hang (wall-clock limit)" : "runaway: " + r.why().replaceAll("[0-9]+", "N");
            case RunOutcome.Stopped s -> "stopped: " + s.reason();
        };
    }

    private static String firstModelFrame(Throwable error) {
        for (StackTraceElement frame : error.getStackTrace()) {
            if (frame.getClassName().startsWith("io.mapdirect.") && !frame.getClassName().startsWith("io.mapdirect.sim.")) {
                String cls = frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1);
                return " in " + cls + "." + frame.getMethodName();
            }
        }
        return error.getStackTrace().length == 0 ? "" : " in " + error.getStackTrace()[0].getMethodName();
    }

    /** The table: one line per finding, {@code k of N runs}, and an example. */
    public String render() {
        List<String> lines = new ArrayList<>();
        lines.add(campaign + ": " + runs + " runs, " + (counts.isEmpty() ? "no finding" : counts.size() + " kinds of finding"));
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            lines.add("  " + entry.getValue() + " of " + runs + " runs: " + entry.getKey());
            lines.add("      e.g. " + examples.get(entry.getKey()));
        }
        return String.join("\n", lines);
    }
}
