package io.mapdirect.sim;

import java.util.Arrays;

/**
 * The schedule as plain data: a list of small non-negative integers consumed one per real decision
 * point (a moment when more than one task could run). At a yield point 0 keeps the current task
 * running and {@code k > 0} switches to the {@code k}-th other runnable task (in task-id order,
 * wrapping around). When the current task blocks or ends, {@code k} picks among the runnable tasks
 * starting after the current one in id order (0 = the next one). Once the list runs out every
 * decision is 0, so shrinking a schedule toward zeros means fewer context switches.
 */
public final class Schedule {
    private final int[] choices;
    private int position;
    private int decisions;
    private int switchesRequested;

    private Schedule(int[] choices) {
        for (int i = 0; i < choices.length; i++) {
            if (choices[i] < 0) {
                throw new IllegalArgumentException("schedule choice " + i + " is negative: " + choices[i]);
            }
        }
        this.choices = choices.clone();
    }

    /** A schedule from explicit choices. */
    public static Schedule of(int... choices) {
        return new Schedule(choices);
    }

    /** The empty schedule: run each task until it blocks or ends. */
    public static Schedule none() {
        return new Schedule(new int[0]);
    }

    /** Next choice, or 0 once the list is exhausted. */
    int next() {
        decisions++;
        int choice = position < choices.length ? choices[position++] : 0;
        if (choice != 0) {
            switchesRequested++;
        }
        return choice;
    }

    /** The choices as given. */
    public int[] choices() {
        return choices.clone();
    }

    /** How many decision points the run met. */
    public int decisions() {
        return decisions;
    }

    /** How many choices of the list were consumed. */
    public int consumed() {
        return position;
    }

    /** How many non-zero choices were consumed (requested preemptions). */
    public int switchesRequested() {
        return switchesRequested;
    }

    @Override
    public String toString() {
        return Arrays.toString(choices);
    }
}
