package io.mapdirect.props;

import java.util.List;

/** The probes the system-level properties must reach (FoundationDB style), and the coverage check. */
final class Probes {
    /** Rare paths the generated cases must reach at least once per property run. */
    static final List<String> REQUIRED = List.of(
            "MAP_DIRECT invalidated by timeout",
            "breaker waits for layout lease",
            "allocating fault waits for layout break",
            "MAP_DIRECT fault after invalidation",
            "MAP_DIRECT fault would change the block map",
            "allocation failure injected");

    private Probes() {
    }
}
