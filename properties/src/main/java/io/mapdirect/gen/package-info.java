/**
 * Case generation with jqwik. {@link io.mapdirect.gen.CaseGen} builds the arbitrary of cases the
 * property suites draw from: a small world, five actors and a schedule, biased toward races
 * around MAP_DIRECT leases and DMA, with a random subset of operation kinds per case (swarm
 * testing, {@link io.mapdirect.gen.OpKind}) and tight-race shapes. Outside a property, cases come
 * through the small {@link io.mapdirect.gen.CaseSource} interface: {@link io.mapdirect.gen.SeededCases}
 * gives case K of seed S from a random source seeded only by (S, K), with jqwik's public API
 * only, so the same (S, K) gives the same case in any JVM. Shrinking is jqwik's, by deleting steps
 * and moving numbers and the schedule toward zero; every shrunk case stays valid because
 * operations name fixed resources.
 *
 * <p>Two other schedule sources: {@link io.mapdirect.gen.PctSchedules} compiles PCT plans (random
 * priorities, change points) into schedule lists, a share of the cases on request
 * ({@code CaseGen.cases(variant, faults, pctPercent)}, {@code ./mapdirect hunt --pct}); and
 * {@link io.mapdirect.gen.ScheduleExplorer} runs every schedule of one case up to a preemption bound
 * ({@code ./mapdirect explore}). {@link io.mapdirect.gen.PreemptionSweep} sweeps one preemption over
 * generated tight-race cases ({@code ./mapdirect sweep}).
 */
package io.mapdirect.gen;
