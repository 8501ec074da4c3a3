/**
 * The property suites: jqwik properties that run generated cases of each design variant with the
 * invariants it must keep ({@code V8Properties}, {@code OdpProperties}), through one body
 * ({@code SuiteCheck}: run, confirm a finding, let jqwik shrink toward the same invariant) and a
 * hook that writes the shrunk case into {@code fuzz-corpus/found/} ({@code FoundCaseHook}), both
 * on the shared finding path ({@link io.mapdirect.corpus.FindingPath}); required probes make a
 * suite fail if its generator stopped reaching a code path, and the kill matrix
 * ({@code KillMatrixTest}) checks that every injected fault is found.
 */
package io.mapdirect.props;
