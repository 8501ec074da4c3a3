/**
 * Reports of a run for a kernel engineer, all plain text, stable and diffable (their formats are
 * tested against golden files). {@link io.mapdirect.report.FailureReport} starts with the seed and
 * the command that replays the case, then the invariant, the shrunk case as corpus text, the
 * per-task {@link io.mapdirect.report.Timeline} (one column per task, one row per event, with its
 * virtual time) and a compact {@link io.mapdirect.report.StateLine} of inodes, block maps, leases
 * and pins. {@link io.mapdirect.report.ExplainFilter} chooses which model events a timeline shows.
 * Reports only read a finished run's result and event log.
 */
package io.mapdirect.report;
