package io.mapdirect.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.corpus.CaseWriter;
import io.mapdirect.harness.Variant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Seeded cases come from jqwik's public API alone, so they must not depend on whether jqwik is
 * running a property at the time (inside one, generators memoize in the property's store; outside,
 * in the sampling store) nor draw from the property's own random source.
 */
class SeededCasesTest {
    private static final long SEED = 31;

    private static List<String> outside;

    private static synchronized List<String> casesOutsideAProperty() throws InterruptedException {
        if (outside == null) {
            List<String> texts = new ArrayList<>();
            Thread plain = Thread.ofPlatform().start(() -> {
                SeededCases cases = new SeededCases(SEED, index -> Variant.values()[(int) (index % Variant.values().length)]);
                for (long k = 0; k < 8; k++) {
                    texts.add(CaseWriter.write(cases.caseAt(k)));
                }
            });
            plain.join();
            outside = texts;
        }
        return outside;
    }

    @Property(tries = 8, seed = "20171006")
    void aCaseGeneratedInsideAPropertyEqualsTheOneGeneratedOutside(@ForAll @LongRange(min = 0, max = 7) long index)
            throws InterruptedException {
        SeededCases cases = new SeededCases(SEED, k -> Variant.values()[(int) (k % Variant.values().length)]);
        assertThat(CaseWriter.write(cases.caseAt(index))).isEqualTo(casesOutsideAProperty().get((int) index));
    }

    @Example
    void theVariantOfACaseIsTheOneItsIndexNames() {
        SeededCases cases = new SeededCases(SEED, index -> index % 2 == 0 ? Variant.V8 : Variant.ODP);
        assertThat(cases.caseAt(4).variant()).isEqualTo(Variant.V8);
        assertThat(cases.caseAt(5).variant()).isEqualTo(Variant.ODP);
        assertThat(cases.caseAt(5).faults()).isEmpty();
    }

    @Example
    void neighbouringIndicesGetUnrelatedRandomSources() {
        assertThat(SeededCases.caseSeed(SEED, 0)).isNotEqualTo(SeededCases.caseSeed(SEED, 1));
        assertThat(SeededCases.caseSeed(SEED, 0)).isNotEqualTo(SeededCases.caseSeed(SEED + 1, 0));
    }
}
