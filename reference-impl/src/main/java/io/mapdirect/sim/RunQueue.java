package io.mapdirect.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic scheduler's runnable tasks, kept in id order so that a schedule's choice
 * always names the same task for the same state, whatever order the tasks became runnable in.
 */
final class RunQueue {
    private final List<Task> tasks = new ArrayList<>();

    /** Adds {@code task} at its place in id order. */
    void add(Task task) {
        int index = tasks.size();
        while (index > 0 && tasks.get(index - 1).id() > task.id()) {
            index--;
        }
        tasks.add(index, task);
    }

    void remove(Task task) {
        tasks.remove(task);
    }

    void clear() {
        tasks.clear();
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    int size() {
        return tasks.size();
    }

    /** The only runnable task; call when {@link #size()} is 1. */
    Task only() {
        return tasks.get(0);
    }

    /** The runnable tasks in id order (a view: do not change it). */
    List<Task> inIdOrder() {
        return tasks;
    }

    /** The choice at a yield point of {@code self} that switches to {@code target} (0 keeps {@code self}): see {@link #otherThan}. */
    int choiceAtYield(Task self, Task target) {
        if (target == self) {
            return 0;
        }
        int k = 0;
        for (Task task : tasks) {
            if (task == target) {
                return k + 1;
            }
            if (task != self) {
                k++;
            }
        }
        throw new IllegalStateException("task " + target.name() + " is not runnable");
    }

    /** The choice after {@code after} stopped that picks {@code target}: see {@link #after}. */
    int choiceAfter(Task after, Task target) {
        int count = tasks.size();
        int start = 0;
        if (after != null) {
            while (start < count && tasks.get(start).id() <= after.id()) {
                start++;
            }
        }
        return Math.floorMod(tasks.indexOf(target) - start, count);
    }

    /** The {@code k}-th runnable task other than {@code self}, in id order, wrapping. */
    Task otherThan(Task self, int k) {
        int others = tasks.size() - 1;
        int target = k % others;
        for (Task task : tasks) {
            if (task != self) {
                if (target == 0) {
                    return task;
                }
                target--;
            }
        }
        throw new IllegalStateException("no other runnable task");
    }

    /**
     * The {@code choice}-th runnable task counting from the first whose id follows {@code after}'s
     * (from the first task when {@code after} is null), wrapping: choice 0 is round-robin.
     */
    Task after(Task after, int choice) {
        int count = tasks.size();
        int start = 0;
        if (after != null) {
            while (start < count && tasks.get(start).id() <= after.id()) {
                start++;
            }
        }
        return tasks.get((start + choice) % count);
    }
}
