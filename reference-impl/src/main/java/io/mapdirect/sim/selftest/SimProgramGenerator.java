package io.mapdirect.sim.selftest;

import io.mapdirect.sim.SeededRandom;
import io.mapdirect.sim.VirtualClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Generates {@link SimCase}s from a seed: one to six tasks, each a short script of well-nested
 * mutex and rw-semaphore sections around sleeps, waits (mostly with timeouts), wakes, interrupts,
 * work and delayed-work operations and racy yields, plus work bodies and a random schedule. The
 * program and the schedule come from separate forks of the seed, so either can be regenerated
 * alone. Deadlocks are allowed (a task may flush work whose body needs a lock it holds, or take
 * two mutexes in the opposite order to another task): they must be as deterministic as the rest.
 */
public final class SimProgramGenerator {
    static final int RACY_SITES = 3;
    private static final long[] SLEEPS_NS = {1_000, VirtualClock.NS_PER_MS, 10 * VirtualClock.NS_PER_MS};
    private static final long[] TIMEOUTS_NS = {0, VirtualClock.NS_PER_MS, 5 * VirtualClock.NS_PER_MS};
    private static final long[] DELAYS_NS = {0, VirtualClock.NS_PER_MS, 3 * VirtualClock.NS_PER_MS};

    private SimProgramGenerator() {
    }

    /** The case of {@code seed}: its program and a schedule of up to 40 choices. */
    public static SimCase generate(long seed) {
        SeededRandom root = new SeededRandom(seed);
        return new SimCase(seed, program(root.fork("program")), schedule(root.fork("schedule"), 40));
    }

    /** A random schedule: up to {@code maxLength} choices, about half of them 0, the rest 1 to 4. */
    public static int[] schedule(SeededRandom random, int maxLength) {
        int[] choices = new int[random.nextInt(maxLength + 1)];
        for (int i = 0; i < choices.length; i++) {
            choices[i] = random.nextBoolean() ? 0 : random.nextInt(1, 5);
        }
        return choices;
    }

    /** A random program. */
    public static SimProgram program(SeededRandom random) {
        Shape shape = new Shape(random.nextInt(1, 4), random.nextInt(0, 3), random.nextInt(1, 3),
                random.nextInt(0, 3), random.nextInt(0, 3), random.nextInt(1, 7));
        List<List<Op>> tasks = new ArrayList<>();
        for (int t = 0; t < shape.tasks; t++) {
            tasks.add(script(random, shape, random.nextInt(1, 17), true));
        }
        List<List<Op>> works = new ArrayList<>();
        for (int w = 0; w < shape.works; w++) {
            works.add(script(random, shape, random.nextInt(1, 5), false));
        }
        List<List<Op>> delayed = new ArrayList<>();
        for (int d = 0; d < shape.delayed; d++) {
            delayed.add(script(random, shape, random.nextInt(1, 5), false));
        }
        return new SimProgram(shape.mutexes, shape.rwsems, shape.queues, tasks, works, delayed);
    }

    private record Shape(int mutexes, int rwsems, int queues, int works, int delayed, int tasks) { }

    /** A held lock: mutex or rw-semaphore (read or write), released in LIFO order. */
    private record Held(char kind, int index) {
        Op release() {
            return switch (kind) {
                case 'm' -> new Op.Unlock(index);
                case 'r' -> new Op.UpRead(index);
                default -> new Op.UpWrite(index);
            };
        }
    }

    /**
     * A script of {@code actions} actions with well-nested locking. Task scripts may also flush,
     * cancel and interrupt; work bodies only lock, sleep briefly, wake and touch racy sites.
     */
    private static List<Op> script(SeededRandom random, Shape shape, int actions, boolean task) {
        List<Op> ops = new ArrayList<>();
        Deque<Held> held = new ArrayDeque<>();
        for (int i = 0; i < actions; i++) {
            if (!held.isEmpty() && random.chance(0.35)) {
                ops.add(held.pop().release());
                continue;
            }
            if (random.chance(0.4) && acquire(random, shape, held, ops)) {
                continue;
            }
            ops.add(task ? taskAction(random, shape) : bodyAction(random, shape));
        }
        while (!held.isEmpty()) {
            ops.add(held.pop().release());
        }
        return ops;
    }

    private static boolean acquire(SeededRandom random, Shape shape, Deque<Held> held, List<Op> ops) {
        boolean mutex = shape.rwsems == 0 || random.nextBoolean();
        char kind = mutex ? 'm' : random.nextBoolean() ? 'r' : 'w';
        int index = random.nextInt(mutex ? shape.mutexes : shape.rwsems);
        for (Held h : held) {
            if ((h.kind == 'm') == mutex && h.index == index) {
                return false;
            }
        }
        held.push(new Held(kind, index));
        ops.add(switch (kind) {
            case 'm' -> new Op.Lock(index);
            case 'r' -> new Op.DownRead(index);
            default -> new Op.DownWrite(index);
        });
        return true;
    }

    private static Op taskAction(SeededRandom random, Shape shape) {
        int roll = random.nextInt(100);
        if (roll < 20) {
            return new Op.Racy(random.nextInt(RACY_SITES));
        } else if (roll < 30) {
            return new Op.Sleep(pick(random, SLEEPS_NS));
        } else if (roll < 45) {
            long timeout = random.chance(0.75) ? pick(random, TIMEOUTS_NS) : -1;
            return new Op.Wait(random.nextInt(shape.queues), timeout, random.chance(0.3));
        } else if (roll < 58) {
            return new Op.Wake(random.nextInt(shape.queues));
        } else if (roll < 63) {
            return new Op.Interrupt(random.nextInt(shape.tasks));
        } else if (roll < 82 && shape.works > 0) {
            int work = random.nextInt(shape.works);
            return switch (random.nextInt(4)) {
                case 0, 1 -> new Op.QueueWork(work);
                case 2 -> new Op.FlushWork(work);
                default -> new Op.CancelWork(work);
            };
        } else if (shape.delayed > 0) {
            int work = random.nextInt(shape.delayed);
            return switch (random.nextInt(4)) {
                case 0, 1 -> new Op.ScheduleDelayed(work, pick(random, DELAYS_NS));
                case 2 -> new Op.FlushDelayed(work);
                default -> new Op.CancelDelayed(work);
            };
        }
        return new Op.Racy(random.nextInt(RACY_SITES));
    }

    private static Op bodyAction(SeededRandom random, Shape shape) {
        int roll = random.nextInt(100);
        if (roll < 50) {
            return new Op.Racy(random.nextInt(RACY_SITES));
        } else if (roll < 65) {
            return new Op.Sleep(SLEEPS_NS[0]);
        }
        return new Op.Wake(random.nextInt(shape.queues));
    }

    private static long pick(SeededRandom random, long[] values) {
        return values[random.nextInt(values.length)];
    }
}
