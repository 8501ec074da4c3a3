package io.mapdirect.sim;

import java.util.Arrays;

/**
 * A probabilistic concurrency testing plan (Burckhardt, Kothari, Musuvathi, Nagarakatte, "A
 * randomized scheduler with probabilistic guarantees of finding bugs", ASPLOS 2010): every task gets
 * a priority, the highest-priority runnable task always runs, and at each of {@code d - 1} change
 * points (decision indices) the task that is running gets a priority below every initial one: the
 * i-th change point (from 1) gives it priority i. A bug of depth {@code d} among {@code n} tasks and {@code k}
 * steps is found with probability at least {@code 1/(n k^(d-1))} per run.
 *
 * <p>{@code priorities[i]} is task i's initial priority (tasks are numbered in spawn order; a task
 * past the list gets the priority of task {@code i % length}); equal priorities go to the lower id.
 * Initial priorities must be at least {@code d} so that a changed priority is below all of them.
 * A plan runs through {@link Schedule#pct}; the choices it made are a plain schedule
 * ({@link Schedule#choicesMade()}) that replays the same run.
 */
public record PctPlan(int[] priorities, int[] changePoints) {
    public PctPlan {
        if (priorities.length == 0) {
            throw new IllegalArgumentException("a PCT plan needs at least one priority");
        }
        priorities = priorities.clone();
        changePoints = changePoints.clone();
        for (int priority : priorities) {
            if (priority <= changePoints.length) {
                throw new IllegalArgumentException("initial priority " + priority + " is not above the "
                        + changePoints.length + " changed ones");
            }
        }
        for (int point : changePoints) {
            if (point < 0) {
                throw new IllegalArgumentException("change point " + point + " is negative");
            }
        }
    }

    /** The bug depth the plan targets: one more than its change points. */
    public int depth() {
        return changePoints.length + 1;
    }

    @Override
    public int[] priorities() {
        return priorities.clone();
    }

    @Override
    public int[] changePoints() {
        return changePoints.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PctPlan p && Arrays.equals(priorities, p.priorities) && Arrays.equals(changePoints, p.changePoints);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(priorities) + Arrays.hashCode(changePoints);
    }

    @Override
    public String toString() {
        return "pct priorities=" + Arrays.toString(priorities) + " changes=" + Arrays.toString(changePoints);
    }

    /** The priorities as they run: initial ones, lowered at change points. */
    static final class Running {
        private final PctPlan plan;
        private int[] current = new int[0];

        Running(PctPlan plan) {
            this.plan = plan;
        }

        int priorityOf(int taskId) {
            return taskId < current.length && current[taskId] != 0 ? current[taskId]
                    : plan.priorities[taskId % plan.priorities.length];
        }

        /** At decision {@code decision}, lowers {@code running}'s priority if a change point falls there. */
        void atDecision(int decision, Task running) {
            if (running == null || running.id() < 0) {
                return;
            }
            for (int i = 0; i < plan.changePoints.length; i++) {
                if (plan.changePoints[i] == decision) {
                    if (running.id() >= current.length) {
                        current = Arrays.copyOf(current, running.id() + 1);
                    }
                    current[running.id()] = i + 1;
                }
            }
        }

        /** The runnable task with the highest priority (the lower id on a tie). */
        Task highest(Iterable<Task> runnable) {
            Task best = null;
            for (Task task : runnable) {
                if (best == null || priorityOf(task.id()) > priorityOf(best.id())) {
                    best = task;
                }
            }
            return best;
        }
    }
}
