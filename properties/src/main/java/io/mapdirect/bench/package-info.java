/**
 * Throughput measurements of the simulation core: how many context switches per second the
 * deterministic scheduler achieves, next to the physical limit of its design (two bare virtual
 * threads handing a baton back and forth with {@code LockSupport}) measured in the same JVM. A
 * small harness ({@link io.mapdirect.bench.BenchHarness}) warms each workload up, measures it
 * several times and reports the median with the minimum and maximum. These are measurements, not
 * tests: nothing asserts on them, and wall-clock time ({@code System.nanoTime}) is used only here.
 */
package io.mapdirect.bench;
