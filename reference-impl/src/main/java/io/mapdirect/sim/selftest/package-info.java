/**
 * Random simulation programs that check the simulation core itself: small tasks doing well-nested
 * lock and rw-semaphore sections, sleeps, waits with timeouts, wakes, interrupts, work and delayed
 * work, and racy yields, generated from a {@link io.mapdirect.sim.SeededRandom} seed together with
 * a random {@link io.mapdirect.sim.Schedule}. {@link io.mapdirect.sim.selftest.SimProgramRunner}
 * runs one on a fresh simulation; {@link io.mapdirect.sim.selftest.DeterminismCampaign} runs each
 * case twice and reports any case whose two traces differ or that left a thread alive. The
 * determinism tests and {@code ./mapdirect fuzz} (until the model's own campaign exists) use it.
 * Depends only on {@code io.mapdirect.sim}.
 */
package io.mapdirect.sim.selftest;
