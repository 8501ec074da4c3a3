/**
 * Model coverage: which parts of the model's behaviour the runs reached, as opposed to which lines
 * of its code (JaCoCo). {@link io.mapdirect.coverage.ModelCoverage} collects, from the event logs
 * of case runs, every call x result pair (success or errno or signal) and every state transition of
 * leases, map_direct_states, lease_directs and memory registrations;
 * {@link io.mapdirect.coverage.ModelCoverageReport} lists what was reached and what never was, as
 * an HTML page and a CSV file.
 */
package io.mapdirect.coverage;
