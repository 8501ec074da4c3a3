package io.mapdirect.gen;

import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Runs;
import io.mapdirect.sim.Schedule;
import io.mapdirect.sim.Trace;
import io.mapdirect.sim.TraceKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bounded exhaustive exploration of one case's schedules, CHESS-style iterative context bounding:
 * every schedule with no preemption, then every one with one, then two, up to a bound, stopping at
 * the first run that violates an invariant its variant must keep. A preemption is a non-zero choice
 * (docs/simulation.md, <i>The schedule is data</i>): a switch away from a task that could go on, or
 * a pick other than the default when a task blocks or ends.
 *
 * <p>Each schedule is written with its last choice non-zero, so each is run once: the children of a
 * schedule that ends at decision {@code L} put one more non-zero choice (1 to the number of runnable
 * tasks less one) at a decision {@code i >= L} of its run. Before the decision {@code i} a child runs
 * exactly like its parent, so the parent's run says how many choices there are.
 *
 * <p><b>Pruning.</b> At every decision point the explorer takes a key of the state reached: the
 * virtual time, the last trace entry (whose turn it is and why) and, for every task by name, a hash
 * of its own trace entries (its yield points, blocks, wake-ups, events and timers, without the
 * switches). Two prefixes with the same key had every task pass through the same sites in the same
 * order, only interleaved differently. When a decision's key was already met with at least as many
 * preemptions left, the branches from it and from every later decision of that run are covered and
 * are not run. The key is an abstraction: it can merge two prefixes whose tasks read different data
 * on the same path, so {@code prune=false} runs the full enumeration.
 */
public final class ScheduleExplorer {
    private final Case base;
    private final int maxPreemptions;
    private final boolean prune;
    private final long maxRuns;
    private final Map<Long, Integer> budgetAtState = new HashMap<>();
    private final long[] runsPerLevel;
    private long runs;
    private long pruned;
    private int defaultDecisions;

    /** What an exploration found: counts, and the first violating case, if any. */
    public record Result(long runs, long[] runsPerPreemptions, long prunedBranches, int defaultDecisions, boolean capped,
                         Optional<Violating> violating) {
        public Result {
            runsPerPreemptions = runsPerPreemptions.clone();
        }

        @Override
        public long[] runsPerPreemptions() {
            return runsPerPreemptions.clone();
        }
    }

    /** The first violating schedule: the case with it, its preemptions and the run's result. */
    public record Violating(Case schedule, int preemptions, CaseResult result) { }

    private ScheduleExplorer(Case base, int maxPreemptions, boolean prune, long maxRuns) {
        this.base = base;
        this.maxPreemptions = maxPreemptions;
        this.prune = prune;
        this.maxRuns = maxRuns;
        this.runsPerLevel = new long[maxPreemptions + 1];
    }

    /**
     * Explores {@code c}'s schedules (its own schedule is ignored) with at most {@code maxPreemptions}
     * preemptions, running at most {@code maxRuns} schedules.
     */
    public static Result explore(Case c, int maxPreemptions, boolean prune, long maxRuns) {
        return new ScheduleExplorer(c, maxPreemptions, prune, maxRuns).run();
    }

    private Result run() {
        List<int[]> level = List.of(new int[0]);
        for (int preemptions = 0; preemptions <= maxPreemptions && !level.isEmpty(); preemptions++) {
            List<int[]> next = new ArrayList<>();
            for (int[] schedule : level) {
                if (runs == maxRuns) {
                    return result(true, null);
                }
                Case candidate = base.withSchedule(schedule);
                CaseResult result = Runs.runFindings(candidate, true);
                runs++;
                runsPerLevel[preemptions]++;
                if (preemptions == 0) {
                    defaultDecisions = result.world().sim().schedule().decisions();
                }
                if (!result.passed()) {
                    return result(false, new Violating(candidate, preemptions, result));
                }
                if (preemptions < maxPreemptions) {
                    addChildren(schedule, result, maxPreemptions - preemptions, next);
                }
            }
            level = next;
        }
        return result(false, null);
    }

    private Result result(boolean capped, Violating violating) {
        return new Result(runs, runsPerLevel, pruned, defaultDecisions, capped, Optional.ofNullable(violating));
    }

    /** Every schedule that adds one preemption at or after {@code parent}'s last choice, pruned by state. */
    private void addChildren(int[] parent, CaseResult result, int budget, List<int[]> into) {
        Schedule ran = result.world().sim().schedule();
        int[] options = ran.optionsPerDecision();
        long[] keys = prune ? stateKeys(result.world().sim().trace(), ran.tracePositionPerDecision()) : null;
        for (int at = parent.length; at < options.length; at++) {
            if (keys != null && seen(keys[at], budget)) {
                for (int rest = at; rest < options.length; rest++) {
                    pruned += options[rest] - 1;
                }
                return;
            }
            for (int choice = 1; choice < options[at]; choice++) {
                int[] child = Arrays.copyOf(parent, at + 1);
                child[at] = choice;
                into.add(child);
            }
        }
    }

    /** Whether the state was met with at least {@code budget} preemptions left; records it otherwise. */
    private boolean seen(long key, int budget) {
        Integer before = budgetAtState.get(key);
        if (before != null && before >= budget) {
            return true;
        }
        budgetAtState.put(key, budget);
        return false;
    }

    /** The state key (see the class comment) at each decision, given the trace position it was made at. */
    static long[] stateKeys(Trace trace, int[] positions) {
        long[] keys = new long[positions.length];
        Map<String, Long> perTask = new HashMap<>();
        int entry = 0;
        Trace.Entry last = null;
        for (int d = 0; d < positions.length; d++) {
            while (entry < positions[d]) {
                last = trace.get(entry++);
                if (last.kind() != TraceKind.SWITCH) {
                    perTask.merge(last.task(), entryHash(trace, last), ScheduleExplorer::mix);
                }
            }
            keys[d] = key(perTask, last);
        }
        return keys;
    }

    private static long entryHash(Trace trace, Trace.Entry e) {
        long arg = switch (e.kind()) {
            case WAKE -> trace.taskName((int) e.arg()).hashCode();
            case EVENT -> 0; // the event log's index: global order, not state
            default -> e.arg();
        };
        return mix(mix(mix(e.kind().ordinal(), e.site().hashCode()), arg), e.timeNs());
    }

    private static long key(Map<String, Long> perTask, Trace.Entry last) {
        long sum = 0;
        for (Map.Entry<String, Long> task : perTask.entrySet()) {
            sum += mix(task.getKey().hashCode(), task.getValue()); // order-free over tasks
        }
        long turn = last == null ? 0 : mix(mix(last.task().hashCode(), last.kind().ordinal()), last.timeNs());
        return mix(sum, turn);
    }

    private static long mix(long hash, long value) {
        long h = (hash ^ value) * 0x100000001b3L;
        h ^= h >>> 29;
        return h * 0xbf58476d1ce4e5b9L ^ (h >>> 32);
    }
}
