package io.mapdirect.kernelmap;

import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Repair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The kernel map of one checkout: reads the inventory, the pending list and the tags of the model's
 * sources, checks them ({@link #problems()}) and renders {@code docs/kernel-map.md} ({@link #render()}).
 * {@link #main} writes the map to the path given (default {@code docs/kernel-map.md} of the repository).
 */
final class KernelMap {
    private final List<SeriesRow> rows;
    private final Pending pending;
    private final SourceTags.Scan scan;

    private KernelMap(List<SeriesRow> rows, Pending pending, SourceTags.Scan scan) {
        this.rows = rows;
        this.pending = pending;
        this.scan = scan;
    }

    /** Reads everything from the repository root {@code repo}. */
    static KernelMap of(Path repo) {
        Path resources = repo.resolve("reference-impl/src/test/resources/kernel-map");
        return new KernelMap(SeriesRow.read(resources.resolve("series.tsv")), Pending.read(resources.resolve("pending.txt")),
                SourceTags.scan(repo.resolve("reference-impl/src/main/java")));
    }

    /** The repository root, from either the root or a module directory (where Maven runs tests). */
    static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("reference-impl")) ? here : here.getParent();
    }

    List<String> problems() {
        return MapChecks.problems(rows, scan, pending, ids(Repair.values()), ids(KnownBug.values()));
    }

    String render() {
        return MapWriter.render(rows, scan, repairEntries(), bugEntries());
    }

    List<SeriesRow> rows() {
        return rows;
    }

    SourceTags.Scan scan() {
        return scan;
    }

    private static Set<String> ids(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    private List<MapWriter.Entry> repairEntries() {
        return Arrays.stream(Repair.values()).map(r -> new MapWriter.Entry(r.name(), doc("Repair", r.name()), r.messages(),
                r.postedLine(), r.why())).toList();
    }

    private List<MapWriter.Entry> bugEntries() {
        return Arrays.stream(KnownBug.values()).map(b -> new MapWriter.Entry(b.name(), doc("KnownBug", b.name()), "", "", ""))
                .toList();
    }

    private String doc(String enumName, String id) {
        return scan.constantDocs().getOrDefault(enumName + "." + id, "");
    }

    /** Writes the map to {@code args[0]}, or to {@code docs/kernel-map.md} of the repository. */
    public static void main(String[] args) throws IOException {
        Path repo = repoRoot();
        Path target = args.length > 0 ? Path.of(args[0]) : repo.resolve("docs/kernel-map.md");
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, of(repo).render());
    }
}
