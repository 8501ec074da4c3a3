package io.mapdirect.harness;

import io.mapdirect.events.Op;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Repair;
import io.mapdirect.kernel.TestFault;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A case, as plain data generated up front or read from the corpus: a header (title, variant,
 * injected faults, expectation, provenance), the world, the steps of every actor in one list (each
 * actor runs its own steps in order; the list order is only for reading) and the schedule.
 *
 * @param title      one line
 * @param variant    the design
 * @param faults     injected known bugs (on top of the variant's own, for a {@code *_POSTED} variant)
 * @param reverted   repairs reverted to the posted line (on top of the variant's own)
 * @param testFaults test-only faults ({@link TestFault}; witness cases only)
 * @param expect     the invariant id the case must violate, or {@code "pass"}
 * @param provenance where it comes from: a seed message, a found-by seed, a person
 * @param world      the world
 * @param steps      every actor's operations
 * @param schedule   the scheduler's choices
 */
public record Case(String title, Variant variant, Set<KnownBug> faults, Set<Repair> reverted, Set<TestFault> testFaults,
                   String expect, String provenance, WorldSpec world, List<Step> steps, int[] schedule) {
    public static final String PASS = "pass";

    public Case {
        faults = Set.copyOf(faults);
        reverted = Set.copyOf(reverted);
        testFaults = Set.copyOf(testFaults);
        steps = List.copyOf(steps);
        schedule = schedule.clone();
    }

    /** A case without test-only faults. */
    public Case(String title, Variant variant, Set<KnownBug> faults, Set<Repair> reverted, String expect,
                String provenance, WorldSpec world, List<Step> steps, int[] schedule) {
        this(title, variant, faults, reverted, Set.of(), expect, provenance, world, steps, schedule);
    }

    /** A case with no repair reverted beyond its variant's. */
    public Case(String title, Variant variant, Set<KnownBug> faults, String expect, String provenance, WorldSpec world,
                List<Step> steps, int[] schedule) {
        this(title, variant, faults, Set.of(), expect, provenance, world, steps, schedule);
    }

    /** The steps of one actor, in order. */
    public List<Op> opsOf(String actor) {
        List<Op> ops = new ArrayList<>();
        for (Step step : steps) {
            if (step.actor().equals(actor)) {
                ops.add(step.op());
            }
        }
        return ops;
    }

    /** Actor names in order of first appearance in the steps. */
    public List<String> actors() {
        List<String> names = new ArrayList<>();
        for (Step step : steps) {
            if (!names.contains(step.actor())) {
                names.add(step.actor());
            }
        }
        return names;
    }

    @Override
    public int[] schedule() {
        return schedule.clone();
    }

    public Case withSteps(List<Step> value) {
        return new Case(title, variant, faults, reverted, testFaults, expect, provenance, world, value, schedule);
    }

    public Case withSchedule(int[] value) {
        return new Case(title, variant, faults, reverted, testFaults, expect, provenance, world, steps, value);
    }

    public Case withVariant(Variant value) {
        return new Case(title, value, faults, reverted, testFaults, expect, provenance, world, steps, schedule);
    }

    public Case withFaults(Set<KnownBug> value) {
        return new Case(title, variant, value, reverted, testFaults, expect, provenance, world, steps, schedule);
    }

    public Case withTestFaults(Set<TestFault> value) {
        return new Case(title, variant, faults, reverted, value, expect, provenance, world, steps, schedule);
    }

    public Case withReverted(Set<Repair> value) {
        return new Case(title, variant, faults, value, testFaults, expect, provenance, world, steps, schedule);
    }

    public Case withExpect(String value) {
        return new Case(title, variant, faults, reverted, testFaults, value, provenance, world, steps, schedule);
    }

    public Case withHeader(String newTitle, String newProvenance) {
        return new Case(newTitle, variant, faults, reverted, testFaults, expect, newProvenance, world, steps, schedule);
    }

    public Case withWorld(WorldSpec value) {
        return new Case(title, variant, faults, reverted, testFaults, expect, provenance, value, steps, schedule);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Case c && title.equals(c.title) && variant == c.variant && faults.equals(c.faults)
                && reverted.equals(c.reverted) && testFaults.equals(c.testFaults)
                && expect.equals(c.expect) && provenance.equals(c.provenance) && world.equals(c.world)
                && steps.equals(c.steps) && Arrays.equals(schedule, c.schedule);
    }

    @Override
    public int hashCode() {
        return ((title.hashCode() * 31 + world.hashCode()) * 31 + steps.hashCode()) * 31 + Arrays.hashCode(schedule);
    }

    @Override
    public String toString() {
        return "Case[" + title + ", " + steps.size() + " steps]";
    }
}
