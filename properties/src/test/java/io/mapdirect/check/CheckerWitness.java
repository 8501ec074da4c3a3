package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.WitnessPairs;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.Runs;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs one checker, alone, on its invariant's witness pair ({@code fuzz-corpus/cases/witnesses/}):
 * what it reports on the witness and on the near twin.
 */
final class CheckerWitness {
    private CheckerWitness() {
    }

    /** The violations {@code checker} alone reports on the witness of its invariant. */
    static List<Violation> onWitness(Supplier<Invariant> checker) {
        WitnessPairs.Pair pair = WitnessPairs.of(checker.get().id());
        return run(checker, pair.loadWitness());
    }

    /** The violations {@code checker} alone reports on the twin of its invariant's witness. */
    static List<Violation> onTwin(Supplier<Invariant> checker) {
        WitnessPairs.Pair pair = WitnessPairs.of(checker.get().id());
        return run(checker, pair.loadTwin());
    }

    /** The first violation's message, after checking that there is one and that all are the checker's. */
    static String firstMessage(Supplier<Invariant> checker) {
        InvariantId id = checker.get().id();
        List<Violation> violations = onWitness(checker);
        assertThat(violations).as("violations of " + id + " on its witness").isNotEmpty()
                .allSatisfy(v -> assertThat(v.id()).isEqualTo(id));
        return violations.get(0).message();
    }

    private static List<Violation> run(Supplier<Invariant> checker, CorpusFiles.Loaded loaded) {
        assertThat(loaded.error()).as("malformed " + loaded.file()).isNull();
        Case c = loaded.parsed();
        return Runs.runWith(c, () -> List.of(checker.get())).violations();
    }
}
