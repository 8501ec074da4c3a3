package io.mapdirect.check;

import java.util.List;

/**
 * An invariant violation: which invariant, at which step and virtual time, by which task, the
 * objects involved and what was seen.
 */
public record Violation(InvariantId id, long step, long timeNs, String task, List<String> objects, String message) {
    public Violation {
        objects = List.copyOf(objects);
    }

    /** {@code "BLOCKMAP_FROZEN at step 812 (t=1.000000000s, P1): ... [ino 3, map_direct_state#4]"}. */
    public String describe() {
        return id + " at step " + step + " (t=" + io.mapdirect.sim.VirtualClock.formatNs(timeNs) + ", " + task + "): "
                + message + (objects.isEmpty() ? "" : " " + objects);
    }
}
