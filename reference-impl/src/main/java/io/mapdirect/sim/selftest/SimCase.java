package io.mapdirect.sim.selftest;

import io.mapdirect.sim.Schedule;
import java.util.Arrays;

/** One generated case: the seed it came from, the program and the schedule's choices. */
public record SimCase(long seed, SimProgram program, int[] choices) {
    public SimCase {
        choices = choices.clone();
    }

    /** A fresh schedule over the choices (a schedule is consumed by the run that uses it). */
    public Schedule schedule() {
        return Schedule.of(choices);
    }

    @Override
    public int[] choices() {
        return choices.clone();
    }

    /** The program listing followed by the schedule. */
    public String describe() {
        return "seed " + seed + "\n" + program.listing() + "schedule: " + Arrays.toString(choices) + "\n";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SimCase that && seed == that.seed && program.equals(that.program)
                && Arrays.equals(choices, that.choices);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seed) * 31 + Arrays.hashCode(choices);
    }

    @Override
    public String toString() {
        return describe();
    }
}
