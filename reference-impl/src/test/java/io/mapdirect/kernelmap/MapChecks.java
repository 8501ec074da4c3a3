package io.mapdirect.kernelmap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The agreements {@code KernelMapTest} requires between the inventory, the tags and the two
 * registries. Each problem is one line naming what and where.
 */
final class MapChecks {
    private final List<SeriesRow> rows;
    private final SourceTags.Scan scan;
    private final Pending pending;
    private final List<String> problems = new ArrayList<>();

    private MapChecks(List<SeriesRow> rows, SourceTags.Scan scan, Pending pending) {
        this.rows = rows;
        this.scan = scan;
        this.pending = pending;
    }

    /** Every problem; empty when the map may be generated and trusted. */
    static List<String> problems(List<SeriesRow> rows, SourceTags.Scan scan, Pending pending,
                                 Set<String> repairIds, Set<String> bugIds) {
        MapChecks checks = new MapChecks(rows, scan, pending);
        checks.problems.addAll(scan.problems());
        checks.checkRows();
        checks.checkPending();
        checks.checkRegistry("repair", Departure.Kind.REPAIR, repairIds, pending.repairs(), scan.repairsUsedIn(),
                "kernel.repaired(Repair.");
        checks.checkRegistry("fault", Departure.Kind.FAULT, bugIds, pending.faults(), scan.bugsUsedIn(),
                "kernel.bug(KnownBug.");
        return List.copyOf(checks.problems);
    }

    private Set<String> mirroredKeys() {
        return scan.mirrors().stream().flatMap(m -> m.kernels().stream()).map(KernelRef::key).collect(Collectors.toSet());
    }

    private void checkRows() {
        Set<String> mirrored = mirroredKeys();
        Set<String> seen = new HashSet<>();
        for (SeriesRow row : rows) {
            if (!seen.add(row.key())) {
                problems.add("series.tsv: " + row.key() + " is listed twice");
            }
            boolean hasMirror = mirrored.contains(row.key());
            if (row.notModelled() && hasMirror) {
                problems.add("series.tsv: " + row.messages() + " " + row.key() + " says '" + row.note()
                        + "' but a @kernel tag mirrors it");
            }
            if (!row.notModelled() && !hasMirror && !pending.rows().contains(row.key())) {
                problems.add("series.tsv: " + row.messages() + " " + row.key() + " has no mirror: tag its Java mirror"
                        + " '@kernel " + row.file() + " " + row.function() + "() " + row.messages() + "' or note 'not modelled: <why>'");
            }
        }
    }

    private void checkPending() {
        Set<String> mirrored = mirroredKeys();
        Map<String, SeriesRow> byKey = rows.stream().collect(Collectors.toMap(SeriesRow::key, Function.identity(), (a, b) -> a));
        for (String key : pending.rows()) {
            SeriesRow row = byKey.get(key);
            if (row == null) {
                problems.add("pending.txt: " + key + " is not an inventory row");
            } else if (mirrored.contains(key) || row.notModelled()) {
                problems.add("pending.txt: " + key + " is not missing any more: remove it from pending.txt");
            }
        }
    }

    private void checkRegistry(String word, Departure.Kind kind, Set<String> ids, Set<String> pendingIds,
                               Map<String, List<String>> usedIn, String call) {
        Set<String> named = new HashSet<>();
        for (Mirror mirror : scan.mirrors()) {
            for (Departure departure : mirror.departures()) {
                if (departure.kind() != kind) {
                    continue;
                }
                named.add(departure.text());
                if (!ids.contains(departure.text())) {
                    problems.add(mirror.source() + " " + mirror.javaName() + ": @departure " + word + " " + departure.text()
                            + " names no constant");
                }
            }
        }
        for (String id : ids) {
            boolean isNamed = named.contains(id);
            boolean isUsed = usedIn.containsKey(id);
            if (pendingIds.contains(id)) {
                if (isNamed && isUsed) {
                    problems.add("pending.txt: " + word + " " + id + " is named by a tag and consulted now: remove it from pending.txt");
                }
                continue;
            }
            if (!isNamed) {
                problems.add(id + ": no @departure " + word + " tag names it");
            }
            if (!isUsed) {
                problems.add(id + ": never consulted (" + call + id + ") appears nowhere in the main sources)");
            }
        }
        for (String id : pendingIds) {
            if (!ids.contains(id)) {
                problems.add("pending.txt: " + word + " " + id + " names no constant");
            }
        }
    }
}
