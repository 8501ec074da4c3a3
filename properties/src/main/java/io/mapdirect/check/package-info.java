/**
 * The invariant checkers: one class per invariant ({@link io.mapdirect.check.InvariantId}), each an
 * {@link io.mapdirect.check.Invariant} that sees every model event as it happens, may look at the
 * step just taken and checks end states once the world has quiesced or crashed. Checkers judge
 * from events and read-only lookups ({@link io.mapdirect.check.ModelView}: nothing that touches
 * an object's tracked lifetime, so a checker cannot cause an oops) and report through a
 * {@link io.mapdirect.check.CheckContext}, which keeps the first violation of each invariant.
 * {@link io.mapdirect.check.Checkers} wires a fresh set ({@link io.mapdirect.check.Invariants})
 * to one run's world; with {@code stopAtFirst} the run stops at the first step after a violation.
 * Checkers read the model and the shared vocabulary ({@code io.mapdirect.events}: operations and
 * the harness's events about them), never the harness that runs them, so the runner depends on
 * the checkers and not the other way round.
 */
package io.mapdirect.check;
