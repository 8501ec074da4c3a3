package io.mapdirect.gen;

import io.mapdirect.harness.Case;
import io.mapdirect.harness.Runs;
import io.mapdirect.sim.PctPlan;
import io.mapdirect.sim.Schedule;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * PCT schedules for generated cases (probabilistic concurrency testing, {@link PctPlan}): a plan of
 * depth 1 to {@value #MAX_DEPTH} is drawn (random task priorities, {@code d - 1} change points at
 * decision points below {@value #CHANGE_WINDOW}), the case is run once under it without checkers, and
 * the choices the plan made become the case's schedule list. The case is then an ordinary case: it
 * replays, shrinks and goes into the corpus as any other, and old cases are untouched.
 */
public final class PctSchedules {
    /** The deepest bug a plan targets (d - 1 change points). */
    public static final int MAX_DEPTH = 3;
    /** Change points fall at decision points 0 to this, less one (the window the list schedules preempt in too). */
    public static final int CHANGE_WINDOW = 80;
    /** Priorities drawn per plan; task i gets the (i mod this)-th. */
    static final int PRIORITY_SLOTS = 16;
    private static final int PRIORITY_RANGE = 1000;

    private PctSchedules() {
    }

    /** Plans of depth 1 to {@link #MAX_DEPTH}. */
    public static Arbitrary<PctPlan> plans() {
        return Arbitraries.integers().between(1, MAX_DEPTH).flatMap(depth -> Combinators.combine(
                Arbitraries.integers().between(depth, depth + PRIORITY_RANGE).list().ofSize(PRIORITY_SLOTS),
                Arbitraries.integers().between(0, CHANGE_WINDOW - 1).list().ofSize(depth - 1))
                .as(PctSchedules::plan));
    }

    private static PctPlan plan(List<Integer> priorities, List<Integer> changePoints) {
        return new PctPlan(priorities.stream().mapToInt(Integer::intValue).toArray(),
                changePoints.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@code c} with the schedule list that {@code plan} makes when it runs {@code c}. */
    public static Case compile(Case c, PctPlan plan) {
        return c.withSchedule(Runs.compile(c, Schedule.pct(plan)));
    }

    /** {@code cases}, each with its schedule replaced by a compiled PCT plan. */
    public static Arbitrary<Case> of(Arbitrary<Case> cases) {
        return Combinators.combine(cases, plans()).as(PctSchedules::compile);
    }
}
