package io.mapdirect.live;

import java.util.EnumMap;
import java.util.Map;

/** The fixture of each filesystem, prepared once on first use and deleted after the container. */
final class LiveFixtures {
    private static final Map<LiveFilesystem, LiveFilesystem.Prepared> PREPARED = new EnumMap<>(LiveFilesystem.class);

    private LiveFixtures() {
    }

    static LiveFilesystem.Prepared get(LiveFilesystem filesystem) {
        return PREPARED.computeIfAbsent(filesystem, LiveFilesystem::prepare);
    }

    static void deleteAll() {
        for (LiveFilesystem.Prepared prepared : PREPARED.values()) {
            if (prepared instanceof LiveFilesystem.Prepared.Ready ready) {
                ready.fixture().delete();
            }
        }
        PREPARED.clear();
    }
}
