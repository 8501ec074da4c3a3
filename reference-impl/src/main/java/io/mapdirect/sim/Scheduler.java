package io.mapdirect.sim;

import java.util.List;

/**
 * What runs a {@link Simulation}'s tasks: the deterministic baton scheduler
 * ({@link DeterministicScheduler}, the default) or the real-thread stress mode
 * ({@link ThreadedScheduler}). {@link Simulation} is the front the model and the harness call; it
 * hands every call to one scheduler, chosen when the simulation is made. Each method has the
 * meaning documented on the {@link Simulation} method of the same name.
 */
interface Scheduler {
    /** Guards a primitive's bookkeeping (a no-op where the baton already excludes everybody else). */
    void lockBookkeeping();

    void unlockBookkeeping();

    void setSchedule(Schedule schedule);

    Schedule schedule();

    void setStepListener(StepListener listener);

    Task spawn(String name, Runnable body);

    RunResult run();

    void yieldPoint(Site site);

    void event(Site site, long arg);

    WaitResult sleepOn(Blocker blocker, Site site, long timeoutNs, boolean interruptible);

    void sleepNs(long delayNs, Site site);

    void wake(Task task);

    void interrupt(Task task);

    void stop(String reason);

    long nowNs();

    Timer armTimer(long delayNs, Site site, Runnable action);

    boolean cancelTimer(Timer timer);

    Task current();

    boolean isRunning();

    Trace trace();

    List<Task> tasks();

    long steps();

    long switches();

    int runs();

    List<String> liveTaskThreads();

    int pendingTimers();
}
