/**
 * The vocabulary the case runner and the checkers share, below both: a case's operations
 * ({@link io.mapdirect.events.Op}, plain records, one per system call, user access, device DMA or
 * environment action), who may run them ({@link io.mapdirect.events.ActorKind}) and the harness's
 * own events about them ({@link io.mapdirect.events.HarnessEvents}: an operation started, an
 * operation returned its typed {@link io.mapdirect.events.OpResult}). The harness interprets operations and logs these events into the model's
 * event log; the invariant checkers ({@code io.mapdirect.check}) read them back. Keeping them here
 * means {@code check} never imports {@code harness}, so the package graph has no cycle (the
 * architecture test enforces it). This package imports only the model's
 * result and event types ({@code kernel}, {@code nic}).
 */
package io.mapdirect.events;
