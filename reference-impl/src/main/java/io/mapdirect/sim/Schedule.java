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
    private int[] optionsAt = new int[0];
    private int[] traceAt = new int[0];
    private int recorded;

    /** How many decision points a schedule records (the corpus format's limit on a schedule's length). */
    public static final int MAX_RECORDED_DECISIONS = 100_000;

    private final PctPlan.Running pct;
    private int[] made = new int[0];

    private Schedule(int[] choices) {
        this(choices, null);
    }

    private Schedule(int[] choices, PctPlan plan) {
        this.pct = plan == null ? null : new PctPlan.Running(plan);
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

    /**
     * A schedule that follows a PCT plan instead of a list: at every decision point the highest-priority
     * runnable task runs. The choices it makes are recorded ({@link #choicesMade()}): as a list they
     * replay the same run.
     */
    public static Schedule pct(PctPlan plan) {
        return new Schedule(new int[0], plan);
    }

    /** The choice at a yield point of {@code self}, {@code runnable} holding more than one task. */
    int atYield(RunQueue runnable, Task self, int tracePosition) {
        if (pct == null) {
            return next(runnable.size(), tracePosition);
        }
        pct.atDecision(decisions, self);
        return made(runnable.choiceAtYield(self, pct.highest(runnable.inIdOrder())), runnable.size(), tracePosition);
    }

    /** The choice after {@code after} blocked or ended ({@code null}: the run's first pick). */
    int afterStop(RunQueue runnable, Task after, int tracePosition) {
        if (pct == null) {
            return next(runnable.size(), tracePosition);
        }
        pct.atDecision(decisions, after);
        return made(runnable.choiceAfter(after, pct.highest(runnable.inIdOrder())), runnable.size(), tracePosition);
    }

    private int made(int choice, int options, int tracePosition) {
        record(options, tracePosition);
        if (decisions < MAX_RECORDED_DECISIONS) {
            if (decisions == made.length) {
                made = Arrays.copyOf(made, Math.min(MAX_RECORDED_DECISIONS, Math.max(16, decisions * 2)));
            }
            made[decisions] = choice;
        }
        decisions++;
        if (choice != 0) {
            switchesRequested++;
        }
        return choice;
    }

    /**
     * The choices made at the decision points met, without trailing zeros: for a list schedule what the
     * list gave, for a PCT schedule the plan compiled into a list that replays the same run.
     */
    public int[] choicesMade() {
        if (pct == null) {
            return Arrays.copyOf(choices, Math.min(position, choices.length));
        }
        int length = Math.min(decisions, made.length);
        while (length > 0 && made[length - 1] == 0) {
            length--;
        }
        return Arrays.copyOf(made, length);
    }

    /** The empty schedule: run each task until it blocks or ends. */
    public static Schedule none() {
        return new Schedule(new int[0]);
    }

    /**
     * Next choice, or 0 once the list is exhausted. {@code options} is how many distinct choices the
     * decision point has (the runnable tasks: 0 and 1 to {@code options - 1}) and {@code tracePosition}
     * the trace's size there; both are recorded for the first {@value #MAX_RECORDED_DECISIONS}
     * decisions, for systematic exploration.
     */
    int next(int options, int tracePosition) {
        record(options, tracePosition);
        decisions++;
        int choice = position < choices.length ? choices[position++] : 0;
        if (choice != 0) {
            switchesRequested++;
        }
        return choice;
    }

    private void record(int options, int tracePosition) {
        if (recorded == MAX_RECORDED_DECISIONS) {
            return;
        }
        if (recorded == optionsAt.length) {
            int capacity = Math.min(MAX_RECORDED_DECISIONS, Math.max(16, recorded * 2));
            optionsAt = Arrays.copyOf(optionsAt, capacity);
            traceAt = Arrays.copyOf(traceAt, capacity);
        }
        optionsAt[recorded] = options;
        traceAt[recorded] = tracePosition;
        recorded++;
    }

    /** For each decision point met (up to {@value #MAX_RECORDED_DECISIONS}), how many distinct choices it had. */
    public int[] optionsPerDecision() {
        return Arrays.copyOf(optionsAt, recorded);
    }

    /** For each decision point met (up to {@value #MAX_RECORDED_DECISIONS}), the trace's size when it was made. */
    public int[] tracePositionPerDecision() {
        return Arrays.copyOf(traceAt, recorded);
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
        return pct != null ? pct.toString() : Arrays.toString(choices);
    }
}
