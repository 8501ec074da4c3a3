package io.mapdirect.gen;

import io.mapdirect.events.Op;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Step;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutates a kept case into a near neighbour, the way a coverage-guided fuzzer mutates the inputs of
 * its corpus: one to three of an operation dropped, duplicated, moved within its actor, spliced in
 * from another generated case of the same variant, a numeric argument changed (a length, an offset,
 * a page, a value: to an edge value or by one page), a flag bit flipped, or a schedule decision
 * changed, inserted or removed. Everything is drawn from the given {@link Random}, so a mutant is a
 * function of (case, donor, random source). A mutant may name a resource that no longer exists: the
 * case format defines what that does (the kernel's answer to a bad argument), so every mutant is a
 * valid case.
 */
public final class CaseMutator {
    /** Most decisions a mutated schedule keeps. */
    static final int MAX_SCHEDULE = 4096;
    /** Most steps a mutant keeps. */
    static final int MAX_STEPS = 200;
    private static final long[] EDGE_BYTES = {0, 1, CaseGen.PAGE - 1, CaseGen.PAGE, CaseGen.PAGE + 1, 6000,
        2 * CaseGen.PAGE, 4 * CaseGen.PAGE, 16 * CaseGen.PAGE};

    private CaseMutator() {
    }

    /** A mutant of {@code kept}; {@code donor} (same variant) lends operations to splice in. */
    public static Case mutate(Case kept, Case donor, Random random) {
        Case mutant = kept;
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            mutant = once(mutant, donor, random);
        }
        return mutant;
    }

    private static Case once(Case c, Case donor, Random random) {
        List<Step> steps = new ArrayList<>(c.steps());
        switch (random.nextInt(7)) {
            case 0 -> drop(steps, random);
            case 1 -> duplicate(steps, random);
            case 2 -> swapWithinActor(steps, random);
            case 3 -> splice(steps, donor, random);
            case 4 -> changeArgument(steps, random);
            case 5 -> {
                return c.withSchedule(perturb(c.schedule(), random));
            }
            default -> {
                return c.withSchedule(perturb(perturb(c.schedule(), random), random));
            }
        }
        return c.withSteps(steps.size() > MAX_STEPS ? steps.subList(0, MAX_STEPS) : steps);
    }

    private static void drop(List<Step> steps, Random random) {
        if (steps.size() > 1) {
            steps.remove(random.nextInt(steps.size()));
        }
    }

    private static void duplicate(List<Step> steps, Random random) {
        if (!steps.isEmpty()) {
            int from = random.nextInt(steps.size());
            steps.add(from + 1 + random.nextInt(steps.size() - from), steps.get(from));
        }
    }

    /** Exchanges an operation with the next one of the same actor (the order between actors is the schedule's). */
    private static void swapWithinActor(List<Step> steps, Random random) {
        if (steps.size() < 2) {
            return;
        }
        int first = random.nextInt(steps.size());
        for (int next = first + 1; next < steps.size(); next++) {
            if (steps.get(next).actor().equals(steps.get(first).actor())) {
                Step moved = steps.get(first);
                steps.set(first, steps.get(next));
                steps.set(next, moved);
                return;
            }
        }
    }

    /** Inserts one of the donor's operations, for an actor the case has. */
    private static void splice(List<Step> steps, Case donor, Random random) {
        if (donor.steps().isEmpty() || steps.isEmpty()) {
            return;
        }
        Step lent = donor.steps().get(random.nextInt(donor.steps().size()));
        boolean actorKnown = steps.stream().anyMatch(s -> s.actor().equals(lent.actor()));
        String actor = actorKnown ? lent.actor() : steps.get(random.nextInt(steps.size())).actor();
        steps.add(random.nextInt(steps.size() + 1), new Step(actor, lent.op()));
    }

    private static void changeArgument(List<Step> steps, Random random) {
        if (steps.isEmpty()) {
            return;
        }
        int at = random.nextInt(steps.size());
        Step step = steps.get(at);
        steps.set(at, new Step(step.actor(), withChangedArgument(step.op(), random)));
    }

    /** {@code op} with one numeric argument changed (a long to an edge value or by a page; an int's bit flipped). */
    static Op withChangedArgument(Op op, Random random) {
        RecordComponent[] components = op.getClass().getRecordComponents();
        List<Integer> numeric = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            Class<?> type = components[i].getType();
            if (type == long.class || type == int.class) {
                numeric.add(i);
            }
        }
        if (numeric.isEmpty()) {
            return op;
        }
        int chosen = numeric.get(random.nextInt(numeric.size()));
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getAccessor().invoke(op);
            }
            if (types[chosen] == long.class) {
                values[chosen] = changedLong((Long) values[chosen], random);
            } else {
                values[chosen] = (Integer) values[chosen] ^ (1 << random.nextInt(8));
            }
            Constructor<?> canonical = op.getClass().getDeclaredConstructor(types);
            return (Op) canonical.newInstance(values);
        } catch (InvocationTargetException rejected) {
            return op;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + op.getClass().getSimpleName(), e);
        }
    }

    private static long changedLong(long value, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> EDGE_BYTES[random.nextInt(EDGE_BYTES.length)];
            case 1 -> value + CaseGen.PAGE;
            default -> Math.max(0, value - CaseGen.PAGE);
        };
    }

    /** One decision changed, inserted or removed (decisions are small: 0 keeps the task, k switches). */
    static int[] perturb(int[] schedule, Random random) {
        int kind = schedule.length == 0 ? 1 : random.nextInt(3);
        int at = random.nextInt(schedule.length + 1);
        return switch (kind) {
            case 0 -> {
                int[] changed = schedule.clone();
                changed[Math.min(at, schedule.length - 1)] = random.nextInt(3);
                yield changed;
            }
            case 1 -> {
                if (schedule.length >= MAX_SCHEDULE) {
                    yield schedule;
                }
                int[] longer = new int[Math.max(schedule.length + 1, at + 1)];
                System.arraycopy(schedule, 0, longer, 0, at);
                longer[at] = 1 + random.nextInt(2);
                System.arraycopy(schedule, at, longer, at + 1, schedule.length - at);
                yield longer;
            }
            default -> {
                int removed = Math.min(at, schedule.length - 1);
                int[] shorter = Arrays.copyOf(schedule, schedule.length - 1);
                System.arraycopy(schedule, removed + 1, shorter, removed, schedule.length - removed - 1);
                yield shorter;
            }
        };
    }
}
