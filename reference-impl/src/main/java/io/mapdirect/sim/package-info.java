/**
 * The simulation core: a deterministic scheduler, a virtual clock, sleeping locks, wait queues,
 * workqueues, a trace, one seeded random source and a fault plan. It knows nothing of kernels, in
 * the way TigerBeetle's and Cassandra's simulators stay apart from the system they test.
 *
 * <p>Every task runs on its own virtual thread but only while it holds the baton; it hands the
 * baton over only at the yield points of this package (lock acquire and release, sleep, wake, work
 * queue and flush, and racy accesses marked by model code with {@link io.mapdirect.sim.Simulation#yieldPoint}).
 * The {@link io.mapdirect.sim.Schedule} is plain data, a list of small integers consumed only at
 * real decision points, so a shrunk schedule stays short and stable when unrelated operations are
 * removed. Time is virtual and moves only when no task can run. The same tasks, inputs and
 * schedule therefore give the same {@link io.mapdirect.sim.Trace}, byte for byte, in one JVM or
 * across JVMs; model code must keep that true by iterating only ordered collections (never a
 * {@code HashMap} keyed by identity) and by never blocking outside this package. A schedule may also
 * follow a {@link io.mapdirect.sim.PctPlan} (task priorities with change points) and records the
 * choices it made, which replay the same run as a plain list; every schedule records how many
 * choices each decision point had, for systematic exploration.
 *
 * <p>A second, real-thread stress mode ({@link io.mapdirect.sim.Simulation#threaded}, run by
 * {@link io.mapdirect.sim.ThreadedScheduler}) runs every task on its own platform thread at once, with only
 * the primitives' bookkeeping and {@link io.mapdirect.sim.SimSpinLock} sections under one lock, to check that
 * the model itself is safe under real threads; {@link io.mapdirect.sim.StressTally} reports its findings as
 * "k of N runs". It is not deterministic and leaves the deterministic mode untouched.
 */
package io.mapdirect.sim;
