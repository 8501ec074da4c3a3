/**
 * The verdict table of spec §6: every design variant, faults off, against every invariant of
 * spec §4. {@link io.mapdirect.verdict.VerdictRun} samples a variant's generated cases from a
 * seed and records, per invariant, whether some case violated it, the first such case and how many
 * did; each violated cell's first case is minimized. {@link io.mapdirect.verdict.VerdictTable}
 * renders the result as text (deterministic for a case budget and seed) and as one JSON object. A
 * violation the variant does not make by design ({@link io.mapdirect.harness.Expectations}) is a
 * finding. The command is {@code ./mapdirect verdicts} ({@code io.mapdirect.cli.VerdictsCommand}).
 */
package io.mapdirect.verdict;
