/**
 * The kill matrix (spec §5 and §6, docs/spec.md): every known bug of the 2017 patches,
 * put back into the variant it belongs to, must be caught by the invariant it breaks. {@link
 * io.mapdirect.killmatrix.KillMatrix} holds the table of faults and hunts one fault from one seed with
 * the property suites' own generator and checkers (nothing tells them which fault is on), minimizing
 * the case that caught it. {@link io.mapdirect.killmatrix.HuntSummary} folds one fault's hunts over
 * several seeds into detection counts, medians and ranges, and {@link
 * io.mapdirect.killmatrix.HuntReport} renders them as a table and as one JSON object. The build's
 * {@code KillMatrixTest} runs it from the CI seeds; {@code ./mapdirect hunt} from any seeds.
 */
package io.mapdirect.killmatrix;
