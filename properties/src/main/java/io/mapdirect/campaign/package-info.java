/**
 * The fuzz campaign of {@code ./mapdirect fuzz}: generated cases over every variant with its faults
 * off, each a pure function of (campaign seed, case index) so that any case replays alone
 * ({@code --case K}) and shards ({@code --shard i/n}) split the index space into disjoint,
 * deterministic parts. A case is judged against the variant's expected verdicts
 * ({@code Expectations.byDesign}); a finding is re-run to confirm it reproduces identically,
 * minimized with {@code harness.CaseMinimizer}, and written to {@code fuzz-corpus/found/} under a
 * hash of its text, so that the found folders of many shards merge by file union.
 */
package io.mapdirect.campaign;
