package io.mapdirect.sim;

import java.util.function.Supplier;

/**
 * Runs a whole simulation job (boot a world, run it, check it) on a virtual thread, so that the
 * driver's baton handoffs with the tasks ({@link Simulation#run} parks the driver until the run
 * ends) stay on the virtual-thread carrier instead of waking a platform thread through the
 * operating system. Measured with {@code ./mapdirect bench} (docs/measurements.md, "The property suite"): on two
 * cores a platform-thread driver paid a cross-CPU wake-up at every run start and end, which cost
 * more than the run itself for a short case.
 *
 * <p>A caller already on a virtual thread runs the job in place. Exceptions and errors thrown by
 * the job reach the caller unchanged.
 */
public final class VirtualDriver {
    private VirtualDriver() {
    }

    /** Returns {@code job.get()}, computed on a virtual thread. */
    public static <T> T call(Supplier<T> job) {
        if (Thread.currentThread().isVirtual()) {
            return job.get();
        }
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread driver = Thread.ofVirtual().name("sim-driver").start(() -> {
            try {
                result[0] = job.get();
            } catch (Throwable thrown) {
                failure[0] = thrown;
            }
        });
        joinUninterruptibly(driver);
        if (failure[0] instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure[0] instanceof Error error) {
            throw error;
        }
        if (failure[0] != null) {
            throw new IllegalStateException("simulation job failed", failure[0]);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /**
     * Waits for the job as a direct call would: a case is bounded by its step and time budgets, and
     * an interrupt of the caller is kept for it, not lost, once the job is done.
     */
    private static void joinUninterruptibly(Thread driver) {
        boolean interrupted = false;
        while (true) {
            try {
                driver.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
