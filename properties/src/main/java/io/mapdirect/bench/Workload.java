package io.mapdirect.bench;

/** One benchmark workload: each call runs one iteration and says how many operations it timed. */
@FunctionalInterface
public interface Workload {
    /** Runs one iteration and returns the operations counted with the nanoseconds they took. */
    Sample runOnce();

    /** Operations performed in one iteration and the wall-clock nanoseconds they took. */
    record Sample(long operations, long elapsedNs) {
        public Sample {
            if (operations <= 0 || elapsedNs <= 0) {
                throw new IllegalArgumentException("a sample needs positive operations and time: " + operations + " ops in " + elapsedNs + " ns");
            }
        }

        /** Operations per second. */
        public double perSecond() {
            return operations * 1e9 / elapsedNs;
        }
    }
}
