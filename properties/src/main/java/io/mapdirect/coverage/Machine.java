package io.mapdirect.coverage;

import java.util.ArrayList;
import java.util.List;

/** The object kinds whose state transitions model coverage tracks, and each kind's states. */
enum Machine {
    /** An ordinary (fcntl) lease. */
    LEASE("none", "active", "breaking", "removed"),
    /** A MAP_DIRECT layout lease (owned by a map_direct_state or a lease_direct). */
    LAYOUT_LEASE("none", "active", "breaking", "removed"),
    /** A map_direct_state. */
    MAP_DIRECT_STATE("none", "registering", "registered", "published", "breaking", "invalidated", "closed"),
    /** A lease_direct (an RDMA registration's lease). */
    LEASE_DIRECT("none", "taken", "break-noticed", "revoked", "destroying", "destroyed"),
    /** A memory registration. */
    MR("none", "registered", "revoked", "deregistered");

    private final List<String> states;

    Machine(String... states) {
        this.states = List.of(states);
    }

    List<String> states() {
        return states;
    }

    /** Every transition between two different states, except back to none: the universe listed. */
    List<String> transitions() {
        List<String> all = new ArrayList<>();
        for (String from : states) {
            for (String to : states) {
                if (!from.equals(to) && !to.equals("none")) {
                    all.add(from + " -> " + to);
                }
            }
        }
        return all;
    }
}
