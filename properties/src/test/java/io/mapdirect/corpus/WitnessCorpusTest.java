package io.mapdirect.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.mapdirect.check.InvariantId;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.Runs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A checker nobody has seen fail is not a checker: every invariant of {@link InvariantId} (new ones
 * too) has a witness pair under {@code fuzz-corpus/cases/witnesses/}, a case that violates it and a
 * near twin, one line different, that does not ({@link WitnessPairs}). {@code CorpusReplayTest}
 * replays both files against their {@code # expect:} lines like every corpus case; this test
 * checks the pairs themselves and that {@code docs/suite.md} shows the generated table
 * ({@code -Dgolden.update=true} rewrites it).
 */
class WitnessCorpusTest {
    /**
     * Invariants allowed to have no witness pair, each with the reason. Empty: every invariant has
     * one (those nothing else breaks fire through test-only faults, {@link io.mapdirect.kernel.TestFault}).
     */
    static final Map<InvariantId, String> WITHOUT_WITNESS = Map.of();

    private static final Path SUITE_DOC = FoundCases.corpusRoot().toAbsolutePath().getParent().resolve("docs").resolve("suite.md");
    private static final String BEGIN = "<!-- generated: witnesses -->\n";
    private static final String END = "<!-- end generated -->";

    @Test
    void everyInvariantHasAWitnessPair() {
        List<InvariantId> missing = Arrays.stream(InvariantId.values())
                .filter(id -> !WITHOUT_WITNESS.containsKey(id) && !WitnessPairs.of(id).exists()).toList();
        assertThat(missing).as("invariants without a witness pair: " + WitnessPairs.ids(missing) + "; "
                + WitnessPairs.howToAdd()).isEmpty();
    }

    @Test
    void theAllowListNamesOnlyInvariantsWithoutAPair() {
        for (InvariantId id : WITHOUT_WITNESS.keySet()) {
            assertThat(WitnessPairs.of(id).exists()).as(id + " has a witness pair now: take it off WITHOUT_WITNESS").isFalse();
        }
    }

    @TestFactory
    Stream<DynamicTest> eachPairFiresAndItsTwinDoesNot() {
        List<DynamicTest> tests = new ArrayList<>();
        for (InvariantId id : InvariantId.values()) {
            WitnessPairs.Pair pair = WitnessPairs.of(id);
            if (pair.exists()) {
                tests.add(dynamicTest(id.name(), () -> checkPair(pair)));
            }
        }
        return tests.stream();
    }

    private static void checkPair(WitnessPairs.Pair pair) {
        CorpusFiles.Loaded witness = pair.loadWitness();
        CorpusFiles.Loaded twin = pair.loadTwin();
        assertThat(witness.error()).as("malformed witness " + pair.witness()).isNull();
        assertThat(twin.error()).as("malformed twin " + pair.twin()).isNull();
        assertThat(CaseVerdict.expectedIds(witness.parsed().expect())).as(pair.witness() + " # expect: names the invariant")
                .contains(pair.id().name());
        assertThat(CaseVerdict.expectedIds(twin.parsed().expect())).as(pair.twin() + " # expect: does not name it")
                .doesNotContain(pair.id().name());
        CaseResult fired = Runs.run(witness.parsed(), false);
        assertThat(fired.violated(pair.id())).as(pair.witness() + " violates " + pair.id() + "; it gave "
                + fired.violations().stream().map(v -> v.id().name()).toList()).isTrue();
        CaseResult quiet = Runs.run(twin.parsed(), false);
        assertThat(quiet.violated(pair.id())).as(pair.twin() + " must not violate " + pair.id()).isFalse();
        assertThat(WitnessPairs.oneLineDifference(pair))
                .as(pair.witness() + " and its twin differ in exactly one line (not counting # title/# expect/# provenance)")
                .isNotNull();
    }

    @Test
    void corpusReplayReplaysTheWitnesses() {
        List<Path> replayed = CorpusReplayTest.corpus().stream().map(CorpusFiles.Loaded::file).toList();
        for (InvariantId id : InvariantId.values()) {
            WitnessPairs.Pair pair = WitnessPairs.of(id);
            if (pair.exists()) {
                assertThat(replayed).as("CorpusReplayTest replays the pair of " + id).contains(pair.witness(), pair.twin());
            }
        }
    }

    @Test
    void theOneLineDifferenceIsOneChangedAddedOrRemovedLine() {
        assertThat(WitnessPairs.oneLineDifference(List.of("a", "b", "c"), List.of("a", "x", "c")))
                .isEqualTo(new WitnessPairs.LineDifference("b", "x"));
        assertThat(WitnessPairs.oneLineDifference(List.of("a", "b", "c"), List.of("a", "c")))
                .isEqualTo(new WitnessPairs.LineDifference("b", ""));
        assertThat(WitnessPairs.oneLineDifference(List.of("a", "c"), List.of("a", "b", "c")))
                .isEqualTo(new WitnessPairs.LineDifference("", "b"));
        assertThat(WitnessPairs.oneLineDifference(List.of("a", "b", "c"), List.of("x", "b", "y"))).isNull();
        assertThat(WitnessPairs.oneLineDifference(List.of("a", "b"), List.of("a", "b"))).isNull();
    }

    @Test
    void docsSuiteShowsTheGeneratedWitnessTable() throws IOException {
        String doc = Files.readString(SUITE_DOC);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END, begin + 1);
        assertThat(begin).as(SUITE_DOC + " has a '" + BEGIN.strip() + "' ... '" + END + "' section").isNotNegative();
        assertThat(end).as(SUITE_DOC + " closes the witnesses section with '" + END + "'").isPositive();
        String table = WitnessPairs.table();
        String current = doc.substring(begin + BEGIN.length(), end);
        if (Boolean.getBoolean("golden.update") && !current.equals(table)) {
            Files.writeString(SUITE_DOC, doc.substring(0, begin + BEGIN.length()) + table + doc.substring(end));
            return;
        }
        assertThat(current).as(SUITE_DOC + "'s witness table is not the generated one; rerun this test with"
                + " -Dgolden.update=true to rewrite it").isEqualTo(table);
    }
}
