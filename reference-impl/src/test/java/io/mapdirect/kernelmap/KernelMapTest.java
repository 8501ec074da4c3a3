package io.mapdirect.kernelmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/kernel-map.md} is what the generator makes of the inventory and the tags, and they
 * agree: every inventory row has a mirror or a reason, every departure names a real constant, every
 * constant is named by a tag and consulted in code.
 */
class KernelMapTest {
    private static final KernelMap MAP = KernelMap.of(KernelMap.repoRoot());

    @Test
    void theInventoryTheTagsAndTheRegistriesAgree() {
        assertThat(MAP.problems()).as("kernel map problems").isEmpty();
    }

    @Test
    void docsKernelMapIsTheGeneratedMap() throws IOException {
        String expected = MAP.render();
        Path written = Path.of("target", "kernel-map.md");
        Files.createDirectories(written.getParent());
        Files.writeString(written, expected);
        Path doc = KernelMap.repoRoot().resolve("docs/kernel-map.md");
        String actual = Files.exists(doc) ? Files.readString(doc) : "";
        assertThat(actual).as(doc + " is not the generated map; the generated one is reference-impl/target/kernel-map.md"
                + " (check the diff, then copy it over)").isEqualTo(expected);
    }

    @Test
    void theInventoryHasTheSeriesRows() {
        assertThat(MAP.rows()).extracting(SeriesRow::key)
                .contains("fs/mapdirect.c map_direct_register", "mm/mmap.c do_mmap", "drivers/dax/device.c kill_dev_dax",
                        "drivers/infiniband/core/umem.c ib_umem_get", "drivers/iommu/iommu.c iommu_sg_num_pages");
    }

    @Test
    void aRowWithoutMirrorIsReportedUnlessPendingOrNotModelled() {
        List<SeriesRow> rows = List.of(row("f.c", "a", ""), row("f.c", "b", ""), row("f.c", "c", "not modelled: why"));
        SourceTags.Scan scan = scan(List.of(mirror("A#a", "f.c a()")), Map.of());
        assertThat(problems(rows, scan, Pending.none())).singleElement().asString().contains("f.c b has no mirror");
        assertThat(problems(rows, scan, Pending.parse(List.of("f.c b")))).isEmpty();
    }

    @Test
    void aStalePendingEntryIsReported() {
        List<SeriesRow> rows = List.of(row("f.c", "a", ""));
        SourceTags.Scan scan = scan(List.of(mirror("A#a", "f.c a()")), Map.of());
        assertThat(problems(rows, scan, Pending.parse(List.of("f.c a", "g.c z"))))
                .anyMatch(p -> p.contains("f.c a is not missing any more")).anyMatch(p -> p.contains("g.c z is not an inventory row"));
    }

    @Test
    void aNotModelledRowWithAMirrorIsReported() {
        List<SeriesRow> rows = List.of(row("f.c", "a", "not modelled: stub"));
        SourceTags.Scan scan = scan(List.of(mirror("A#a", "f.c a()")), Map.of());
        assertThat(problems(rows, scan, Pending.none())).singleElement().asString().contains("but a @kernel tag mirrors it");
    }

    @Test
    void departuresMustNameRealConstantsAndConstantsMustBeNamedAndConsulted() {
        List<SeriesRow> rows = List.of(row("f.c", "a", ""));
        Mirror tagged = new Mirror("A#a", "A.java", List.of(KernelRef.parse("f.c a()")),
                List.of(Departure.parse("repair NOPE"), Departure.parse("repair KNOWN")));
        SourceTags.Scan scan = scan(List.of(tagged), Map.of("KNOWN", List.of("A")));
        List<String> problems = MapChecks.problems(rows, scan, Pending.none(), Set.of("KNOWN", "UNNAMED", "UNUSED"), Set.of());
        assertThat(problems).anyMatch(p -> p.contains("repair NOPE names no constant"))
                .anyMatch(p -> p.startsWith("UNNAMED: no @departure repair tag names it"))
                .anyMatch(p -> p.startsWith("UNUSED: never consulted"))
                .noneMatch(p -> p.startsWith("KNOWN"));
        List<String> excused = MapChecks.problems(rows, scan, Pending.parse(List.of("repair UNNAMED")), Set.of("KNOWN", "UNNAMED"),
                Set.of());
        assertThat(excused).noneMatch(p -> p.startsWith("UNNAMED: no @departure"));
    }

    @Test
    void malformedTagsAreRejected() {
        assertThatThrownBy(() -> KernelRef.parse("fs/mapdirect.c")).hasMessageContaining("@kernel needs");
        assertThatThrownBy(() -> KernelRef.parse("fs/mapdirect.c f() 04")).hasMessageContaining("expected [NN]");
        assertThatThrownBy(() -> Departure.parse("fixed it")).hasMessageContaining("repair, fault or bookkeeping");
        assertThatThrownBy(() -> Departure.parse("bookkeeping")).hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> Departure.parse("repair two words")).hasMessageContaining("one constant");
        assertThat(KernelRef.parse("fs/locks.c generic_add_lease()").messages()).isEmpty();
        assertThat(KernelRef.parse("fs/mapdirect.c struct map_direct_state [04]"))
                .isEqualTo(new KernelRef("fs/mapdirect.c", "struct map_direct_state", List.of("[04]")));
    }

    @Test
    void theScannerReadsTagsOfClassesMethodsAndNestedTypes(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("Sample.java"), """
                package x;
                /**
                 * A class.
                 *
                 * @kernel fs/a.c a() [04]
                 */
                final class Sample {
                    /**
                     * A method.
                     *
                     * @kernel fs/b.c b() [08] [09]
                     * @departure bookkeeping the reason
                     *     goes on here
                     * @departure repair SOME_REPAIR
                     */
                    void m() {
                        if (kernel.repaired(Repair.SOME_REPAIR)) {
                            return;
                        }
                    }

                    /** @departure fault X */
                    void untagged() {
                    }
                }
                """);
        SourceTags.Scan scan = SourceTags.scan(root);
        assertThat(scan.mirrors()).extracting(Mirror::javaName).containsExactly("Sample", "Sample#m");
        Mirror method = scan.mirrors().get(1);
        assertThat(method.kernels()).containsExactly(new KernelRef("fs/b.c", "b", List.of("[08]", "[09]")));
        assertThat(method.departures()).containsExactly(new Departure(Departure.Kind.BOOKKEEPING, "the reason goes on here"),
                new Departure(Departure.Kind.REPAIR, "SOME_REPAIR"));
        assertThat(scan.repairsUsedIn()).containsEntry("SOME_REPAIR", List.of("Sample"));
        assertThat(scan.problems()).singleElement().asString().contains("Sample#untagged: @departure without @kernel");
    }

    @Test
    void theMapListsEveryRowAndLinksRepairs() {
        String map = MAP.render();
        for (SeriesRow row : MAP.rows()) {
            assertThat(map).contains("| `" + row.function() + "()` | `" + row.file() + "` |");
        }
        assertThat(map).contains("<a id=\"repair-mds-ref-per-holder\"></a>");
    }

    private static List<String> problems(List<SeriesRow> rows, SourceTags.Scan scan, Pending pending) {
        return MapChecks.problems(rows, scan, pending, Set.of(), Set.of());
    }

    private static SeriesRow row(String file, String function, String note) {
        return new SeriesRow("[04]", file, function, "added", note);
    }

    private static Mirror mirror(String javaName, String kernelTag) {
        return new Mirror(javaName, javaName + ".java", List.of(KernelRef.parse(kernelTag)), List.of());
    }

    private static SourceTags.Scan scan(List<Mirror> mirrors, Map<String, List<String>> repairsUsedIn) {
        return new SourceTags.Scan(mirrors, List.of(), repairsUsedIn, Map.of(), Map.of());
    }
}
