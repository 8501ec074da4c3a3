/**
 * The architecture test: the production classes of both modules ({@code reference-impl} and
 * {@code properties}) are imported with ArchUnit and checked against the rules in
 * {@code docs/architecture.md}: no cycle between packages, the model imports nothing of the suite,
 * and the shared events package imports nothing of the suite either.
 */
package io.mapdirect.architecture;
