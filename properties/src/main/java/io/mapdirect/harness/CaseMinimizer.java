package io.mapdirect.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Delta debugging of a failing case: repeatedly drops chunks of steps (halves, quarters, ... single
 * steps), then whole actors, then shortens and zeroes the schedule, keeping every change after
 * which {@code stillFails} holds. Deterministic; each candidate is re-verified by running it.
 */
public final class CaseMinimizer {
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
        }
        return current;
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
