package io.mapdirect.sim;

/**
 * Called after every step (yield point) with the baton held, before the scheduler decides who runs
 * next. Invariant checkers hang here; they may call {@link Simulation#stop(String)}.
 */
@FunctionalInterface
public interface StepListener {
    void afterStep(Simulation simulation, Task task, Site site);
}
