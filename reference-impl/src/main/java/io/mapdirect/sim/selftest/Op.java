package io.mapdirect.sim.selftest;

/**
 * One step of a generated task or work body. Indices name the program's resources (mutex 0,
 * queue 1, ...); times are virtual nanoseconds.
 */
public sealed interface Op {
    /** A racy shared access: a bare yield point at site {@code racy N}. */
    record Racy(int site) implements Op { }

    record Lock(int mutex) implements Op { }

    record Unlock(int mutex) implements Op { }

    record DownRead(int sem) implements Op { }

    record UpRead(int sem) implements Op { }

    record DownWrite(int sem) implements Op { }

    record UpWrite(int sem) implements Op { }

    record Sleep(long ns) implements Op { }

    /** Waits for queue {@code queue}'s counter to move; {@code timeoutNs < 0}: no timeout. */
    record Wait(int queue, long timeoutNs, boolean interruptible) implements Op { }

    /** Bumps queue {@code queue}'s counter and wakes its sleepers. */
    record Wake(int queue) implements Op { }

    record QueueWork(int work) implements Op { }

    record FlushWork(int work) implements Op { }

    record CancelWork(int work) implements Op { }

    record ScheduleDelayed(int work, long delayNs) implements Op { }

    record FlushDelayed(int work) implements Op { }

    record CancelDelayed(int work) implements Op { }

    /** Interrupts task {@code task} of the program (a pending signal). */
    record Interrupt(int task) implements Op { }

    /** A short readable form, e.g. {@code lock m0} or {@code wait q1 timeout=1000000ns}. */
    default String format() {
        return switch (this) {
            case Racy r -> "racy " + r.site();
            case Lock l -> "lock m" + l.mutex();
            case Unlock u -> "unlock m" + u.mutex();
            case DownRead d -> "down_read s" + d.sem();
            case UpRead u -> "up_read s" + u.sem();
            case DownWrite d -> "down_write s" + d.sem();
            case UpWrite u -> "up_write s" + u.sem();
            case Sleep s -> "sleep " + s.ns() + "ns";
            case Wait w -> "wait q" + w.queue() + (w.timeoutNs() < 0 ? "" : " timeout=" + w.timeoutNs() + "ns")
                    + (w.interruptible() ? " interruptible" : "");
            case Wake w -> "wake q" + w.queue();
            case QueueWork q -> "queue_work w" + q.work();
            case FlushWork f -> "flush_work w" + f.work();
            case CancelWork c -> "cancel_work w" + c.work();
            case ScheduleDelayed s -> "schedule_delayed_work d" + s.work() + " " + s.delayNs() + "ns";
            case FlushDelayed f -> "flush_delayed_work d" + f.work();
            case CancelDelayed c -> "cancel_delayed_work d" + c.work();
            case Interrupt i -> "interrupt T" + i.task();
        };
    }
}
