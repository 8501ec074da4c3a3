package io.mapdirect.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.mapdirect.harness.Case;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.report.FailureReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the corpus ({@code fuzz-corpus/cases/} and {@code fuzz-corpus/found/}): every file is its
 * own test, named after the file, and must meet its {@code # expect:} line and its result checks;
 * every fault case (and every case with repairs reverted or of a posted variant) also runs on its
 * design, faults off and repairs on, and must pass. Then checks that every scenario,
 * fault and critique has a case.
 */
class CorpusReplayTest {
    static final Path ROOT = FoundCases.corpusRoot();
    static final List<String> CRITIQUES = List.of("[15]", "[19]", "[28]", "[29]", "[35]", "[43]");

    static List<CorpusFiles.Loaded> corpus() {
        return CorpusFiles.loadAll(List.of(ROOT.resolve("cases"), ROOT.resolve("found")));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMeetsItsExpectation() {
        List<DynamicTest> tests = new ArrayList<>();
        for (CorpusFiles.Loaded loaded : corpus()) {
            String name = ROOT.relativize(loaded.file()).toString();
            tests.add(dynamicTest(name, () -> replay(loaded, false)));
            if (loaded.ok() && departsFromTheDesign(loaded.parsed())) {
                tests.add(dynamicTest(name + " (faults off)", () -> replay(loaded, true)));
            }
        }
        return tests.stream();
    }

    /** A case with known bugs or test-only faults on, repairs reverted or a posted variant: it must pass on the design too. */
    private static boolean departsFromTheDesign(Case c) {
        return !c.faults().isEmpty() || !c.reverted().isEmpty() || !c.testFaults().isEmpty() || c.variant().posted();
    }

    private static void replay(CorpusFiles.Loaded loaded, boolean faultsOff) {
        assertThat(loaded.error()).as("malformed corpus file").isNull();
        Case c = faultsOff ? Replay.faultsOff(loaded.parsed()) : loaded.parsed();
        Replay.Replayed replayed = Replay.run(c);
        String command = Replay.command(loaded.file().toString()) + (faultsOff ? " --faults-off" : "");
        assertThat(replayed.verdict().problems())
                .as(() -> FailureReport.render("-", command, c, replayed.result()))
                .isEmpty();
    }

    /**
     * Every repair shows the difference it makes: some case under {@code cases/repairs/} reverts it
     * and fails, and its near twin passes with the repair on; or the repair says why there is no
     * witness pair (its {@code why()} text).
     */
    @Test
    void everyRepairHasAWitnessPairOrSaysWhyNot() {
        List<CorpusFiles.Loaded> repairs = CorpusFiles.loadAll(List.of(ROOT.resolve("cases").resolve("repairs")));
        for (io.mapdirect.kernel.Repair repair : io.mapdirect.kernel.Repair.values()) {
            List<Case> reverting = repairs.stream().filter(CorpusFiles.Loaded::ok).map(CorpusFiles.Loaded::parsed)
                    .filter(c -> c.reverted().contains(repair)).toList();
            if (repair.why().contains("no witness pair")) {
                continue;
            }
            assertThat(reverting).as("a case under cases/repairs/ that reverts " + repair).isNotEmpty();
            Case posted = reverting.get(0);
            boolean twin = repairs.stream().filter(CorpusFiles.Loaded::ok).map(CorpusFiles.Loaded::parsed)
                    .anyMatch(c -> !c.reverted().contains(repair) && unchecked(c).equals(unchecked(posted))
                            && c.world().equals(posted.world()) && java.util.Arrays.equals(c.schedule(), posted.schedule()));
            assertThat(twin).as("a near twin of the case reverting " + repair + " with the repair on").isTrue();
        }
    }

    private static List<io.mapdirect.harness.Step> unchecked(Case c) {
        return c.steps().stream().map(io.mapdirect.harness.Step::unchecked).toList();
    }

    @Test
    void theCorpusIsNotEmptyAndParses() {
        List<CorpusFiles.Loaded> all = corpus();
        assertThat(all).hasSizeGreaterThanOrEqualTo(20);
        assertThat(all).allSatisfy(l -> assertThat(l.error()).as(l.file().toString()).isNull());
    }

    @Test
    void everyScenarioHasACase() {
        List<Case> cases = cases();
        for (int s = 1; s <= 20; s++) {
            Pattern title = Pattern.compile("^S" + s + "\\b.*");
            assertThat(cases).as("a case whose title starts with S" + s)
                    .anyMatch(c -> title.matcher(c.title()).matches());
        }
    }

    @Test
    void everyFaultHasACase() {
        List<Case> cases = cases();
        for (KnownBug bug : KnownBug.values()) {
            assertThat(cases).as("a case injecting " + bug).anyMatch(c -> c.faults().contains(bug));
        }
    }

    @Test
    void everyCritiqueHasACase() {
        List<CorpusFiles.Loaded> critiques = CorpusFiles.loadAll(List.of(ROOT.resolve("cases/critiques")));
        for (String critique : CRITIQUES) {
            assertThat(critiques).as("a case under cases/critiques citing " + critique)
                    .anyMatch(l -> l.ok() && (l.parsed().provenance() + l.parsed().title()).contains(critique));
        }
    }

    private static List<Case> cases() {
        return CorpusFiles.loadAll(List.of(ROOT.resolve("cases"))).stream().filter(CorpusFiles.Loaded::ok)
                .map(CorpusFiles.Loaded::parsed).toList();
    }
}
