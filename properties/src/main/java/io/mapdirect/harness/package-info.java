/**
 * Running one case. A {@link io.mapdirect.harness.Case} is plain data (a header, a
 * {@link io.mapdirect.harness.WorldSpec}, every actor's steps and a schedule) that the generators
 * produce and the corpus reads and writes. {@link io.mapdirect.harness.CaseRunner} boots the
 * world ({@link io.mapdirect.harness.WorldSetup}), starts one simulation task per actor, wires the
 * invariant checkers to it and runs under the case's schedule; each task's
 * {@link io.mapdirect.harness.Interpreter} turns operations into model calls and logs each
 * operation's start and result as events ({@code io.mapdirect.events}). The run ends in a
 * {@link io.mapdirect.harness.CaseResult}: violations, trace fingerprint, steps and probes.
 * {@link io.mapdirect.harness.Runs} is the standard entry (every invariant a variant must keep);
 * {@link io.mapdirect.harness.Variant} and {@link io.mapdirect.harness.Expectations} say which
 * design variant a case runs and which invariants it must keep, and
 * {@link io.mapdirect.harness.CaseMinimizer} shrinks a failing case by delta debugging. The
 * harness imports the checkers, never the reverse.
 */
package io.mapdirect.harness;
