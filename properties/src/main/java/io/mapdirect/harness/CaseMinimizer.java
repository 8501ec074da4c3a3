package io.mapdirect.harness;

import io.mapdirect.events.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Delta debugging of a failing case: repeatedly drops chunks of steps (halves, quarters, ... single
 * steps), then whole actors, then shortens and zeroes the schedule, keeping every change after
 * which {@code stillFails} holds. Deterministic; each candidate is re-verified by running it.
 *
 * <p>A schedule names its preemptions by decision index, so dropping a step of one task moves the
 * decisions of the others: a step the race does not need can still be impossible to drop with the
 * schedule as it is. Once nothing more can be dropped, a last pass therefore tries each single step
 * again with the schedule shifted by up to {@value #MAX_SHIFT_EARLIER} decisions earlier or
 * {@value #MAX_SHIFT_LATER} later (no-preemption decisions removed or added), either as a whole or
 * from one of its later preemptions on, and starts over when one of them still fails. It costs at
 * most (steps x preemptions x 8 runs) per pass and runs only for schedules with a
 * preemption.
 */
public final class CaseMinimizer {
    /** How far the rescheduling pass moves a schedule: decisions earlier, and later. */
    static final int MAX_SHIFT_EARLIER = 6;
    static final int MAX_SHIFT_LATER = 2;
    /** The shifts it tries, in order: the nearest earlier ones first (a dropped step removes decisions). */
    private static final int[] SHIFTS = {-1, -2, -3, -4, -5, -6, 1, 2};

    private final Predicate<Case> stillFails;
    private int runs;

    public CaseMinimizer(Predicate<Case> stillFails) {
        this.stillFails = stillFails;
    }

    /** How many candidate runs the last minimization made. */
    public int runs() {
        return runs;
    }

    /** A smaller case that still fails ({@code c} itself if nothing could be dropped). */
    public Case minimize(Case c) {
        Case current = c;
        boolean changed = true;
        while (changed) {
            Case before = current;
            current = dropSteps(current);
            current = dropActors(current);
            current = shrinkSchedule(current);
            changed = !current.equals(before);
            if (!changed) {
                current = dropStepsRescheduled(current);
                changed = !current.equals(before);
            }
        }
        return current;
    }

    /** The first single step whose removal still fails with the schedule shifted; {@code c} if none. */
    private Case dropStepsRescheduled(Case c) {
        if (switches(c) == 0) {
            return c;
        }
        int[] schedule = c.schedule();
        for (List<Step> steps : oneStepShorter(c.steps())) {
            Case without = c.withSteps(steps);
            for (int from : shiftPoints(schedule)) {
                for (int shift : SHIFTS) {
                    int[] moved = shifted(schedule, from, shift);
                    if (moved != null && fails(without.withSchedule(moved))) {
                        return without.withSchedule(moved);
                    }
                }
            }
        }
        return c;
    }

    /**
     * Every step list one step shorter: each step dropped, and each sleep merged into the same actor's
     * next step when that is a sleep too (one sleep of the summed time: the same instants, one yield less).
     */
    private static List<List<Step>> oneStepShorter(List<Step> steps) {
        List<List<Step>> shorter = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).op() instanceof Op.Sleep first) {
                int next = nextOfActor(steps, i);
                if (next >= 0 && steps.get(next).op() instanceof Op.Sleep second) {
                    List<Step> merged = new ArrayList<>(steps);
                    merged.set(next, new Step(steps.get(next).actor(), new Op.Sleep(first.ns() + second.ns())));
                    merged.remove(i);
                    shorter.add(merged);
                }
            }
            List<Step> dropped = new ArrayList<>(steps);
            dropped.remove(i);
            shorter.add(dropped);
        }
        return shorter;
    }

    private static int nextOfActor(List<Step> steps, int i) {
        for (int j = i + 1; j < steps.size(); j++) {
            if (steps.get(j).actor().equals(steps.get(i).actor())) {
                return j;
            }
        }
        return -1;
    }

    /** Where a shift may start: at each preemption (at the first one, the whole schedule moves). */
    private static List<Integer> shiftPoints(int[] schedule) {
        List<Integer> points = new ArrayList<>();
        for (int i = 0; i < schedule.length; i++) {
            if (schedule[i] != 0) {
                points.add(i);
            }
        }
        return points;
    }

    /**
     * {@code schedule} with the decisions from index {@code from} on moved {@code shift} places: earlier
     * when negative (the {@code -shift} decisions just before {@code from} must be no preemption, or
     * null), later by adding no-preemption decisions just before {@code from}.
     */
    static int[] shifted(int[] schedule, int from, int shift) {
        if (shift >= 0) {
            int[] later = new int[schedule.length + shift];
            System.arraycopy(schedule, 0, later, 0, from);
            System.arraycopy(schedule, from, later, from + shift, schedule.length - from);
            return later;
        }
        int drop = -shift;
        if (drop > from) {
            return null;
        }
        for (int i = from - drop; i < from; i++) {
            if (schedule[i] != 0) {
                return null;
            }
        }
        int[] earlier = new int[schedule.length - drop];
        System.arraycopy(schedule, 0, earlier, 0, from - drop);
        System.arraycopy(schedule, from, earlier, from - drop, schedule.length - from);
        return earlier;
    }

    private boolean fails(Case candidate) {
        runs++;
        return stillFails.test(candidate);
    }

    private Case dropSteps(Case c) {
        Case current = c;
        for (int chunk = Math.max(1, current.steps().size() / 2); chunk >= 1; chunk /= 2) {
            int start = 0;
            while (start < current.steps().size()) {
                List<Step> steps = new ArrayList<>(current.steps());
                steps.subList(start, Math.min(steps.size(), start + chunk)).clear();
                Case candidate = current.withSteps(steps);
                if (fails(candidate)) {
                    current = candidate;
                } else {
                    start += chunk;
                }
            }
        }
        return current;
    }

    private Case dropActors(Case c) {
        Case current = c;
        for (String actor : c.actors()) {
            List<Step> steps = current.steps().stream().filter(s -> !s.actor().equals(actor)).toList();
            if (steps.size() < current.steps().size() && fails(current.withSteps(steps))) {
                current = current.withSteps(steps);
            }
        }
        return current;
    }

    private Case shrinkSchedule(Case c) {
        Case current = c;
        int[] schedule = current.schedule();
        for (int length = 0; length < schedule.length; length = length == 0 ? 1 : length * 2) {
            Case candidate = current.withSchedule(Arrays.copyOf(schedule, length));
            if (fails(candidate)) {
                current = candidate;
                break;
            }
        }
        schedule = current.schedule();
        for (int i = 0; i < schedule.length; i++) {
            if (schedule[i] != 0) {
                int[] zeroed = schedule.clone();
                zeroed[i] = 0;
                if (fails(current.withSchedule(zeroed))) {
                    current = current.withSchedule(zeroed);
                    schedule = zeroed;
                }
            }
        }
        return current;
    }

    /** Number of non-zero choices: the context switches the schedule asks for. */
    public static int switches(Case c) {
        int count = 0;
        for (int choice : c.schedule()) {
            if (choice != 0) {
                count++;
            }
        }
        return count;
    }
}
