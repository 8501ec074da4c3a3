package io.mapdirect.sim;

/**
 * Thrown inside a task to unwind it when its run has ended (success, failure, deadlock or step
 * budget exhausted). It is an {@link Error} so that model code catching {@link Exception} cannot
 * swallow it; only the task wrapper in {@link Simulation} catches it.
 */
public final class SimulationAbort extends Error {
    private static final long serialVersionUID = 1L;

    SimulationAbort() {
        super("simulation run ended; unwinding task", null, false, false);
    }
}
