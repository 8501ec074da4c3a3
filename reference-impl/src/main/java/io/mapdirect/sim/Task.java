package io.mapdirect.sim;

/**
 * A simulated thread of control: a process's call, a kernel worker or the DMA device. Each task
 * runs on its own virtual thread but only while it holds the baton; it gives the baton up only at
 * the {@link Simulation}'s yield and sleep points.
 */
public final class Task {
    /** Life-cycle states. */
    public enum State { NEW, RUNNABLE, BLOCKED, DONE }

    private final int id;
    private final String name;
    private final Runnable body;
    private final Thread thread;
    volatile boolean turn;
    /** Whether the task's thread has been started (set by the thread handing it the baton). */
    boolean threadStarted;
    /** Whether the task's body has begun (its START entry is recorded). */
    boolean started;
    State state = State.NEW;
    Blocker blockedOn;
    boolean interruptibleWait;
    boolean interruptPending;
    WaitResult wakeReason;
    private Object context;

    Task(int id, String name, Runnable body, Thread thread) {
        this.id = id;
        this.name = name;
        this.body = body;
        this.thread = thread;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public State state() {
        return state;
    }

    Runnable body() {
        return body;
    }

    Thread thread() {
        return thread;
    }

    /** What the task sleeps on, or null when it is not blocked. */
    public Blocker blockedOn() {
        return state == State.BLOCKED ? blockedOn : null;
    }

    /** Whether an interrupt (a pending signal) is set for this task. */
    public boolean interruptPending() {
        return interruptPending;
    }

    /** Clears the pending interrupt (the model calls this once the signal has been delivered). */
    public void clearInterrupt() {
        interruptPending = false;
    }

    /** Model-defined object attached to the task (for example the process it runs for). */
    public Object context() {
        return context;
    }

    public void setContext(Object context) {
        this.context = context;
    }

    @Override
    public String toString() {
        return name;
    }
}
